using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// The one connection that writes to the SQLite file, with group commit: writes queued while a transaction runs go
    /// into the next one, so many concurrent webhook requests share one commit and never race each other for the
    /// file's write lock (Microsoft.Data.Sqlite answers a busy file by sleeping 150 ms and retrying).
    /// </summary>
    /// <remarks>
    /// Each write is its own statement inside the batch's transaction: a statement that fails is rolled back alone and
    /// reported to its caller; a failed commit fails the whole batch. Other processes on the same file still see
    /// ordinary SQLite locking (a busy timeout applies to this connection).
    /// </remarks>
    internal sealed class SqliteWriter : IAsyncDisposable
    {
        private const int MaxBatch = 256;
        private readonly string _connectionString;
        private readonly string _schema;
        private readonly Channel<SqliteWork> _queue = Channel.CreateUnbounded<SqliteWork>(new UnboundedChannelOptions { SingleReader = true });
        private readonly SqliteCheckpointer? _checkpointer;
        private readonly Task _loop;
        private SqliteSession? _session;

        /// <param name="connectionString">The database.</param>
        /// <param name="schema">Run once on the connection when it opens.</param>
        /// <param name="checkpointer">Told of every commit; none for a database without a file.</param>
        public SqliteWriter(string connectionString, string schema, SqliteCheckpointer? checkpointer)
        {
            _connectionString = connectionString;
            _schema = schema;
            _checkpointer = checkpointer;
            _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }

        /// <summary>Runs <paramref name="write"/> on the writer connection inside the next committed batch.</summary>
        public Task<T> RunAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken)
        {
            var work = new Work<T>(write, cancellationToken);
            Enqueue(work);
            return work.Result;
        }

        /// <summary>Queues <paramref name="work"/> for the next committed batch; it reports its own outcome.</summary>
        public void Enqueue(SqliteWork work)
        {
            if (!_queue.Writer.TryWrite(work))
            {
                throw new ObjectDisposedException(nameof(SqliteWeChatStateStore));
            }
        }

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }

        private async Task RunAsync()
        {
            var batch = new List<SqliteWork>(MaxBatch);
            ChannelReader<SqliteWork> reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out SqliteWork? work))
                {
                    batch.Add(work);
                }

                try
                {
                    // The checkpointer copies the WAL back in the background. SQLite starts the WAL over only when a
                    // transaction begins with all of it copied, which a writer that is nearly always inside one seldom
                    // sees; so at 16 MiB of WAL this connection checkpoints itself — copying only what was written since
                    // the last background run, a few milliseconds — and the WAL starts over. (Checkpointing here alone,
                    // every 64 MiB, stopped every waiting push for ~50 ms: that was the p99 under load.)
                    SqliteSession session = _session ??= SqliteSession.Open(_connectionString, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 4096; PRAGMA cache_size = -65536; " + _schema);
                    session.InTransaction(() =>
                    {
                        foreach (SqliteWork work in batch)
                        {
                            work.Run(session);
                        }
                    });
                    _checkpointer?.Written();
                    foreach (SqliteWork work in batch)
                    {
                        work.Publish();
                    }
                }
                catch (Exception ex)
                {
                    foreach (SqliteWork work in batch)
                    {
                        work.Fail(ex);
                    }

                    // Start over on a fresh connection: the failure may have left this one unusable.
                    Close();
                }
            }

            Close();
        }

        private void Close()
        {
            _session?.Dispose();
            _session = null;
        }

        private sealed class Work<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken) : SqliteWork(cancellationToken)
        {
            private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private T? _value;

            public Task<T> Result => _result.Task;

            protected override void Execute(SqliteSession session) => _value = write(session);

            protected override void Succeeded() => _result.TrySetResult(_value!);

            protected override void Failed(Exception exception) => _result.TrySetException(exception);

            protected override void Cancelled(CancellationToken token) => _result.TrySetCanceled(token);
        }
    }
}
