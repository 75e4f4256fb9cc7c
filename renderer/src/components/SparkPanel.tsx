import { useApp } from '../store/context.ts';

/** The place for the Spark cluster panel; cluster control arrives in a later version. */
export function SparkPanel() {
  const spark = useApp((s) => s.spark);
  return (
    <section aria-label="Spark" className="panel spark">
      <h2>Spark cluster</h2>
      <p>{spark.message}</p>
    </section>
  );
}
