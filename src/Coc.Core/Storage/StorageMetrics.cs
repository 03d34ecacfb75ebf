using System.Diagnostics.Metrics;

namespace Coc.Core.Storage;

/// <summary>Commits and storage errors: <c>coc_storage_commit_batch_size</c> (writes per commit: SQLite's group commit
/// batches; 1 on PostgreSQL, which commits each write alone) and <c>coc_storage_errors_total{operation,error_type}</c>.</summary>
public sealed class StorageMetrics(Meter meter)
{
    private readonly Histogram<int> _batchSize = meter.CreateHistogram<int>("coc.storage.commit.batch_size", "{write}",
        "Writes that shared one commit", tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });

    private readonly Counter<long> _errors = meter.CreateCounter<long>("coc.storage.errors", "{error}",
        "Reads and writes the database failed (a full disk included)");

    public void Committed(int writes) => _batchSize.Record(writes);

    /// <param name="operation"><c>read</c> or <c>write</c>.</param>
    /// <param name="errorType"><c>storage_full</c>, or the exception's type name.</param>
    public void Failed(string operation, string errorType) =>
        _errors.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("error.type", errorType));
}
