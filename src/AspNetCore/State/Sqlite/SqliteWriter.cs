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
        private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _loop;
        private SqliteSession? _session;

        public SqliteWriter(string connectionString, string schema)
        {
            _connectionString = connectionString;
            _schema = schema;
            _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }

        /// <summary>Runs <paramref name="write"/> on the writer connection inside the next committed batch.</summary>
        public Task<T> RunAsync<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken)
        {
            var work = new Work<T>(write, cancellationToken);
            if (!_queue.Writer.TryWrite(work))
            {
                throw new ObjectDisposedException(nameof(SqliteWeChatStateStore));
            }

            return work.Result;
        }

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }

        private async Task RunAsync()
        {
            var batch = new List<Work>(MaxBatch);
            ChannelReader<Work> reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out Work? work))
                {
                    batch.Add(work);
                }

                try
                {
                    // A 64 MiB WAL between checkpoints: the same hot pages (recent deliveries, active users) are rewritten
                    // by many commits and copied back to the file once per checkpoint instead of once per 4 MiB.
                    SqliteSession session = _session ??= SqliteSession.Open(_connectionString, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384; PRAGMA cache_size = -65536; " + _schema);
                    session.InTransaction(() =>
                    {
                        foreach (Work work in batch)
                        {
                            work.Execute(session);
                        }
                    });
                    foreach (Work work in batch)
                    {
                        work.Publish();
                    }
                }
                catch (Exception ex)
                {
                    foreach (Work work in batch)
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

        private abstract class Work
        {
            public abstract void Execute(SqliteSession session);

            public abstract void Publish();

            public abstract void Fail(Exception exception);
        }

        private sealed class Work<T>(Func<SqliteSession, T> write, CancellationToken cancellationToken) : Work
        {
            private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private T? _value;
            private Exception? _error;
            private bool _skipped;

            public Task<T> Result => _result.Task;

            public override void Execute(SqliteSession session)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _skipped = true;
                    return;
                }

                try
                {
                    _value = write(session);
                }
                catch (SqliteException ex)
                {
                    // SQLite rolled this statement back alone; the rest of the batch goes on.
                    _error = ex;
                }
            }

            public override void Publish()
            {
                if (_skipped)
                {
                    _result.TrySetCanceled(cancellationToken);
                }
                else if (_error is not null)
                {
                    _result.TrySetException(_error);
                }
                else
                {
                    _result.TrySetResult(_value!);
                }
            }

            public override void Fail(Exception exception)
            {
                if (_skipped)
                {
                    _result.TrySetCanceled(cancellationToken);
                }
                else
                {
                    _result.TrySetException(_error ?? exception);
                }
            }
        }
    }
}
