// The class's results (docs/teaching.md): the instructor turns Collect results on (LAN mode),
// students' apps report each check's summary with the class token, the instructor's dashboard
// shows the grid; and the student's side, where this app's reports go.
import {
  classResultsViewSchema,
  collectRequestSchema,
  reportAcceptedSchema,
  reportingRequestSchema,
  reportingStateSchema,
  resultReportSchema,
} from '../api.ts';
import { declareRoute, errors, json, jsonBody } from './declare.ts';

export const classResults = declareRoute({
  method: 'get',
  path: '/api/class/results',
  summary:
    "The class's results: students × exercises (checks passed of total, when), whether Collect results is on, and the class link (not through the class link: 403)",
  responses: { 200: json(classResultsViewSchema, 'the grid'), ...errors(403) },
});

export const collectResults = declareRoute({
  method: 'post',
  path: '/api/class/results/collect',
  summary:
    'Collect results on or off (LAN mode only: 409 lan_mode_required otherwise); results are kept either way',
  request: { body: jsonBody(collectRequestSchema, 'send {"on": true} or {"on": false}') },
  responses: { 200: json(classResultsViewSchema, 'the grid'), ...errors(400, 409, 413, 415) },
});

export const reportResult = declareRoute({
  method: 'post',
  path: '/api/class/results/report',
  summary:
    "A student's app reports one check's summary (never code or data), with the class token as Authorization: Bearer (not the admin token); rate-limited per address, at most 1,000 students",
  request: {
    body: jsonBody(
      resultReportSchema,
      'send {"student_id", "name" (1 to 40 printable characters), "exercise", "passed", "total", "checked_at"} and, if GET /api/health lists it in class_results.accepts, "hints_used" (0 to 1000)',
    ),
  },
  responses: {
    200: json(reportAcceptedSchema, 'accepted'),
    ...errors(400, 401, 403, 409, 413, 415, 429, 507),
  },
});

export const reporting = declareRoute({
  method: 'get',
  path: '/api/class/reporting',
  summary:
    "This app as a student: where its check summaries go (the instructor's address, the display name) and how the last report went",
  responses: { 200: json(reportingStateSchema, 'the reporting state'), ...errors(403) },
});

export const startReporting = declareRoute({
  method: 'post',
  path: '/api/class/reporting',
  summary:
    'Report my checks: the class link the instructor shows and a display name; tries the link at once (an unreachable instructor is said in `last`, not refused)',
  request: {
    body: jsonBody(
      reportingRequestSchema,
      'send {"link": "<the class link, with ?token=>", "name": "<1 to 40 characters>"}',
    ),
  },
  responses: { 200: json(reportingStateSchema, 'reporting'), ...errors(400, 413, 415) },
});

export const stopReporting = declareRoute({
  method: 'post',
  path: '/api/class/reporting/stop',
  summary: 'Stop reporting checks to the instructor (the student id is kept)',
  responses: { 200: json(reportingStateSchema, 'not reporting'), ...errors(413, 415) },
});
