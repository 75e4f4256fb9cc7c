// The four ports on 127.0.0.1 that a Spark cluster of the app publishes, each configurable:
// a program already holding 17080 (another Spark, a dev server) must not block Spark for good.
// The same names are the compose file's variables, the environment variables and the `serve`
// flags, so an error can name the one to change whichever way the app was started.

export const SPARK_PORT_NAMES = ['masterUi', 'master', 'appUi', 'notebook'] as const;
export type SparkPortName = (typeof SPARK_PORT_NAMES)[number];
export type SparkPorts = Record<SparkPortName, number>;

export interface SparkPortSetting {
  /** What it is, as a person calls it: `the master UI`. */
  label: string;
  /** The environment variable (and compose variable). */
  env: string;
  /** The `serve` / `doctor` flag. */
  flag: string;
  /** The field in the API's `ports` objects. */
  field: 'master_ui' | 'master' | 'app_ui' | 'notebook';
  fallback: number;
}

export const SPARK_PORT_SETTINGS: Readonly<Record<SparkPortName, SparkPortSetting>> = {
  masterUi: {
    label: 'the master UI',
    env: 'SPARK_EXPERIMENTS_MASTER_UI_PORT',
    flag: '--master-ui-port',
    field: 'master_ui',
    fallback: 17080,
  },
  master: {
    label: 'the Spark master',
    env: 'SPARK_EXPERIMENTS_MASTER_PORT',
    flag: '--master-port',
    field: 'master',
    fallback: 17077,
  },
  appUi: {
    label: 'the application UI',
    env: 'SPARK_EXPERIMENTS_APP_UI_PORT',
    flag: '--app-ui-port',
    field: 'app_ui',
    fallback: 14040,
  },
  notebook: {
    label: 'the notebook',
    env: 'SPARK_EXPERIMENTS_NOTEBOOK_PORT',
    flag: '--notebook-port',
    field: 'notebook',
    fallback: 18888,
  },
};

export const DEFAULT_SPARK_PORTS: Readonly<SparkPorts> = {
  masterUi: SPARK_PORT_SETTINGS.masterUi.fallback,
  master: SPARK_PORT_SETTINGS.master.fallback,
  appUi: SPARK_PORT_SETTINGS.appUi.fallback,
  notebook: SPARK_PORT_SETTINGS.notebook.fallback,
};

/** The ports as the API shows them (`{"master_ui": 17080, …}`). */
export function portsView(ports: SparkPorts): Record<SparkPortSetting['field'], number> {
  return {
    master_ui: ports.masterUi,
    master: ports.master,
    app_ui: ports.appUi,
    notebook: ports.notebook,
  };
}
