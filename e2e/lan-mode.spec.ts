// LAN mode in real Chromium: a student's browser opens the address `serve --host` printed,
// on a non-loopback address of this machine, and gets the live dashboard; without the token
// it gets nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lanAddress as findLanAddress } from '../electron/service/http/lan-address.ts';
import { type Served, serve } from '../electron/testing/serve.ts';
import { viaRail } from './dashboard-views.ts';

const lanAddress = findLanAddress();

let scratch: string;
let server: Served | undefined;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'spark-exp-e2e-lan-'));
  if (lanAddress)
    server = await serve([
      '--host',
      '0.0.0.0',
      '--preset',
      'emulated-5s',
      '--data-dir',
      join(scratch, 'data'),
    ]);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('the printed LAN link opens the live dashboard; the bare address does not', async ({
  page,
}) => {
  test.skip(!lanAddress, 'this machine has no non-loopback IPv4 address');
  const s = server as Served;
  const link =
    /open this address in the class's browsers \(it carries the access token\): (http:\S+)/.exec(
      s.output(),
    )?.[1] as string;
  const bare = `http://${lanAddress}:${s.port}/`;
  const refused = await page.goto(bare);
  expect(refused?.status()).toBe(401);
  await page.goto(link);
  // Redirected to the clean address: the token is not left in the address bar or history.
  await expect(page).toHaveURL(bare);
  await expect(page.getByTestId('status')).toHaveText('running');
  const before = Number((await page.getByTestId('driver-batches').innerText()).replaceAll(',', ''));
  // Live over the event stream, which the cookie lets in too.
  await expect
    .poll(
      async () =>
        Number((await page.getByTestId('driver-batches').innerText()).replaceAll(',', '')),
      {
        timeout: 20_000,
      },
    )
    .toBeGreaterThan(before);
  // The class link is read-only: no controls, a note saying where they are.
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveCount(0);
  await viaRail(page, 'Spark');
  await expect(page.getByRole('button', { name: 'Start Spark' })).toBeDisabled();
});
