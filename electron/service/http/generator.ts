// The generator itself: health, pause / resume / clean (the seed document's routes, whose
// shapes scripts depend on), and the presets and config it runs.
import type { JSONValue } from 'hono/utils/types';
import { REPORT_ACCEPTS } from '../../../shared/api.ts';
import {
  effectiveIntervals,
  type GeneratorConfig,
  parseConfigYaml,
} from '../../../shared/config.ts';
import { routes } from '../../../shared/contract/index.ts';
import type { ClassResults } from '../class-results/class-results.ts';
import { loadPreset, presetNames } from '../dataset/presets.ts';
import type { GeneratorService } from '../generator/generator-service.ts';
import { ServiceError } from '../kernel/errors.ts';
import { declaredRoutes } from './declared.ts';
import { fail } from './respond.ts';

type Generator = Pick<
  GeneratorService,
  'health' | 'pause' | 'resume' | 'clean' | 'setConfig' | 'activeConfig' | 'pendingSwitch'
>;

export function generatorRoutes(
  service: Generator,
  presetsDir: string,
  classResults?: Pick<ClassResults, 'size' | 'clear'>,
) {
  return declaredRoutes()
    .openapi(routes.health, (c) => {
      const health = service.health();
      // What students' apps may send with a report (an older app says nothing: send none).
      if (!classResults) return c.json(health, 200);
      return c.json({ ...health, class_results: { accepts: [...REPORT_ACCEPTS] } }, 200);
    })
    .openapi(routes.pause, async (c) => c.json(await service.pause(), 200))
    .openapi(routes.resume, async (c) => c.json(await service.resume(), 200))
    .openapi(routes.clean, async (c) => {
      // The class's results are kept unless the request asks (the Clean button's box).
      const deleteResults = c.req.valid('json').class_results === true;
      try {
        const cleaned = await service.clean();
        if (!classResults) return c.json(cleaned, 200);
        const students = deleteResults ? classResults.clear() : classResults.size;
        return c.json({ ...cleaned, class_results: { deleted: deleteResults, students } }, 200);
      } catch (err) {
        // The seed document's clients read `success` on the refusal too.
        if (err instanceof ServiceError)
          return c.json(
            { success: false, error: err.code, message: err.message },
            err.status as 400 | 409,
          );
        throw err;
      }
    })
    .openapi(routes.presets, (c) => {
      const presets: ReturnType<typeof presetSummary>[] = [];
      const invalid: Array<{ name: string; issues: Array<{ path: string; message: string }> }> = [];
      for (const name of presetNames(presetsDir)) {
        const r = loadPreset(name, presetsDir);
        if (r.ok) presets.push(presetSummary(r.config));
        else invalid.push({ name, issues: r.issues });
      }
      return c.json({ presets, invalid, active: service.activeConfig.name }, 200);
    })
    .openapi(routes.config, (c) =>
      c.json(
        {
          preset: service.activeConfig.name,
          // JSON leaves out the keys that are undefined (a config without a seed).
          config: service.activeConfig as unknown as Record<string, JSONValue>,
          pending: service.pendingSwitch,
        },
        200,
      ),
    )
    .openapi(routes.setConfig, async (c) => {
      const request = c.req.valid('json');
      const result =
        'preset' in request
          ? loadPreset(request.preset, presetsDir)
          : parseConfigYaml(request.yaml, 'custom');
      if (!result.ok) {
        return fail(
          c,
          400,
          'invalid_config',
          `the config is invalid; nothing changed: ${result.issues[0]?.message}`,
          { issues: result.issues },
        );
      }
      const applied = await service.setConfig(result.config);
      return c.json({ success: true as const, preset: result.config.name, ...applied }, 200);
    });
}

export function presetSummary(config: GeneratorConfig) {
  const intervals = effectiveIntervals(config);
  const e = config.emulated_mode;
  return {
    name: config.name,
    description: config.description,
    generation_mode: e.enabled ? ('emulated' as const) : ('production' as const),
    seed: config.seed ?? null,
    number_of_companies: e.enabled ? e.companies_per_batch : config.number_of_companies,
    drivers_per_company: config.drivers_per_company,
    event_rate_per_driver: config.event_rate_per_driver,
    company_interval_seconds: intervals.companySeconds,
    driver_interval_seconds: intervals.driverSeconds,
    events_per_batch_range: e.enabled
      ? ([e.events_per_batch_min, e.events_per_batch_max] as [number, number])
      : null,
    error_rate: config.quality_injection.enabled ? config.quality_injection.error_rate : 0,
  };
}
