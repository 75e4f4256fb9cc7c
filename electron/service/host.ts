// The one composition root: everything a running generator is made of, built for one data
// folder. Both hosts start it through http/server.ts (`npm run serve`, the desktop app);
// every other folder of the service is one capability that this file wires together.

import type { SparkPorts } from '../../shared/spark-ports.ts';
import { ClassResults, ReportingSetup } from './class-results/class-results.ts';
import { Course, DEFAULT_EXERCISES_DIR } from './classroom/exercises.ts';
import { DEFAULT_PRESETS_DIR } from './dataset/presets.ts';
import { runDoctor } from './doctor/doctor.ts';
import { GeneratorService, type ServiceOptions } from './generator/generator-service.ts';
import { installPauseSignals } from './generator/signals.ts';
import { warnOnFailure } from './logs/warn-on-failure.ts';
import { LocalJupyterServer } from './notebooks/local-jupyter.ts';
import {
  type NotebookAddress,
  NotebookService,
  notebookAddress,
} from './notebooks/notebook-service.ts';
import { PipelineMetrics } from './pipeline/pipeline-view.ts';
import { PythonSetupRunner } from './python/setup-runner.ts';
import { checkRunnerChooser } from './spark/check-place.ts';
import { sparkPortsFrom } from './spark/ports.ts';
import {
  type AttachedSpark,
  DEFAULT_DOCKER_DIR,
  SparkController,
} from './spark/spark-controller.ts';

export interface HostOptions extends ServiceOptions {
  presetsDir?: string | undefined;
  dockerDir?: string | undefined;
  /** exercises/ of the repository or the packaged app (default: the repository's). */
  exercisesDir?: string | undefined;
  /** The Spark of the same compose project (all-in-Docker mode). */
  attachedSpark?: AttachedSpark | undefined;
  /** Spark's ports (`serve --master-ui-port …`); unset ones come from SPARK_EXPERIMENTS_*_PORT. */
  sparkPorts?: Partial<SparkPorts> | undefined;
  /** The stack's JupyterLab as the service reaches it and as a browser does (serve --notebook). */
  notebook?: Partial<NotebookAddress> | undefined;
}

/** The capabilities the HTTP API serves. */
export interface HostParts {
  service: GeneratorService;
  spark: SparkController;
  course: Course;
  pipeline: PipelineMetrics;
  presetsDir: string;
  python: PythonSetupRunner;
  /** The setup doctor for this data folder and these ports (GET /api/doctor). */
  doctor: () => ReturnType<typeof runDoctor>;
  notebook: NotebookService;
  classResults: ClassResults;
  reporting: ReportingSetup;
}

export interface Host extends HostParts {
  /** Stops Spark (a local one runs as this process's children), then the generator. */
  stop(): Promise<void>;
}

/** Starts the generator on its data folder (taking the folder's lock first) and builds the rest around it. */
export function startHost(options: HostOptions): Host {
  // A bad port setting is refused before the data folder is taken.
  const sparkPorts = sparkPortsFrom(process.env, options.sparkPorts);
  const service = GeneratorService.start(options);
  const presetsDir = options.presetsDir ?? DEFAULT_PRESETS_DIR;
  const spark = new SparkController({
    dataDir: service.dataDir,
    dockerDir: options.dockerDir,
    log: service.log.child('spark'),
    attached: options.attachedSpark,
    ports: sparkPorts,
  });
  // A compose stack left running by an earlier run shows up in the panel again.
  if (!options.attachedSpark)
    void spark
      .adoptRunningStack()
      .catch(warnOnFailure(service.log.child('spark'), 'could not look for a running Spark stack'));
  // A student's app reports each check's summary to the instructor's (Report my checks).
  const reporting = new ReportingSetup({
    dataDir: service.dataDir,
    log: service.log.child('class'),
  });
  const course = new Course({
    exercisesDir: options.exercisesDir ?? DEFAULT_EXERCISES_DIR,
    presetsDir,
    dataDir: service.dataDir,
    log: service.log.child('exercises'),
    // With the Docker backend the checker runs in the stack (no Python or Java here).
    checkRunner: checkRunnerChooser({
      dockerDir: options.dockerDir ?? DEFAULT_DOCKER_DIR,
      dataDir: service.dataDir,
      env: process.env,
      backendInUse: () => spark.backendInUse(),
    }),
    onChecked: (card) =>
      reporting.report({
        exercise: card.exercise,
        passed: card.checks.filter((c) => c.passed).length,
        total: card.checks.length,
        checked_at: card.checked_at,
        hints_used: card.hints_used,
      }),
  });
  // The instructor's side: the grid of the class's reports, kept in the data folder.
  const classResults = new ClassResults({
    dataDir: service.dataDir,
    exercises: course.exercises,
    log: service.log.child('class'),
  });
  const jupyterLog = service.log.child('jupyter');
  const localJupyter: LocalJupyterServer = new LocalJupyterServer({
    dataDir: service.dataDir,
    port: sparkPorts.notebook,
    env: process.env,
    answering: async (): Promise<boolean> => (await notebook.probe()) === 'ok',
    onLine: (line) => jupyterLog.info(line),
  });
  const notebook: NotebookService = new NotebookService({
    dataDir: service.dataDir,
    address: notebookAddress(sparkPorts.notebook, options.notebook),
    local: {
      start: (): Promise<void> => localJupyter.start(),
      wanted: () => spark.backendInUse() === 'local',
    },
  });
  // JupyterLab without Docker runs beside the local Spark, and stops with it.
  spark.events.on('change', () => {
    if (localJupyter.running && spark.backendInUse() !== 'local') void localJupyter.stop();
  });
  const pipeline = new PipelineMetrics(service.dataDir);
  const python = new PythonSetupRunner({ log: service.log.child('python') });
  // SIGUSR1 pauses, SIGUSR2 resumes, in `serve`, the desktop app and the generator image.
  const removeSignals = installPauseSignals(service);
  return {
    service,
    spark,
    course,
    pipeline,
    presetsDir,
    python,
    notebook,
    classResults,
    reporting,
    doctor: () =>
      runDoctor({
        dataDir: service.dataDir,
        env: process.env,
        ports: spark.ports,
        ownPorts: () => spark.localPorts(),
      }),
    stop: async () => {
      removeSignals();
      course.stop();
      classResults.stop();
      await python.stop();
      await localJupyter.stop();
      await spark.shutdown();
      await service.stop();
    },
  };
}
