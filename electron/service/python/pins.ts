// What the app-managed Python holds: exact pins, so every machine gets the same Spark as the
// compose image (pyspark), the pipeline's Delta and the notebook image's JupyterLab.

/** Spark's Python side, the Delta tables, a local JupyterLab with its kernel, pyspark.testing's needs. */
export const MANAGED_PINS: readonly string[] = [
  'pyspark==3.5.8',
  'delta-spark==3.3.2',
  'jupyterlab==4.6.6',
  'ipykernel==7.4.0',
  // pyspark.testing (exercise 03's assertDataFrameEqual) imports pyspark.pandas: pyspark[sql]'s
  // extras, numpy below 2 as pyspark 3.5.8 requires (the notebook image's pins).
  'pandas==2.2.3',
  'pyarrow==17.0.0',
  'numpy==1.26.4',
];

/** The pyspark the cluster, the checker and the notebooks are written for. */
export const PYSPARK_VERSION = '3.5.8';

/** The Java major version Spark runs on in the compose image. */
export const JAVA_MAJOR = 17;

/** The oldest Python pyspark 3.5.8 and the checker accept as a base for the venv. */
export const MIN_PYTHON: readonly [number, number] = [3, 9];
