// The class link a student pastes into Report my checks: the address the instructor's serve
// prints and shows (`http://192.168.1.5:18000/?token=…`). Its origin is where reports go, its
// token the class token they carry. Nothing else of it is used: no path, no user or password.

export type ClassLink = { ok: true; base: string; token: string } | { ok: false; message: string };

const TOKEN = /^[\w-]{16,128}$/;

export function parseClassLink(text: string): ClassLink {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      message:
        'paste the class link the instructor shows, like http://192.168.1.5:18000/?token=… (that is not an address)',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: `the class link starts with http:// (not ${url.protocol}//)` };
  if (url.username || url.password)
    return { ok: false, message: 'the class link has no user name or password in it' };
  const token = url.searchParams.get('token');
  if (!token || !TOKEN.test(token))
    return {
      ok: false,
      message:
        'that link carries no class token (?token=…): copy the whole link the instructor shows',
    };
  return { ok: true, base: url.origin, token };
}
