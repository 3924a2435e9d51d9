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
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private readonly Task _loop;
        private SqliteConnection? _connection;
        private SqliteTransaction? _transaction;

        public SqliteWriter(string connectionString, string schema)
        {
            _connectionString = connectionString;
            _schema = schema;
            _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }

        /// <summary>Runs <paramref name="write"/> on the writer connection inside the next committed batch.</summary>
        public Task<T> RunAsync<T>(Func<SqliteWriter, T> write, CancellationToken cancellationToken)
        {
            var work = new Work<T>(write, cancellationToken);
            if (!_queue.Writer.TryWrite(work))
            {
                throw new ObjectDisposedException(nameof(SqliteWeChatStateStore));
            }

            return work.Result;
        }

        /// <summary>Executes one statement of the current batch; returns the number of rows it changed.</summary>
        public int Execute(string sql, params (string Name, object Value)[] parameters) => Prepare(sql, parameters).ExecuteNonQuery();

        /// <summary>Reads the first row of one statement of the current batch (<paramref name="read"/> gets null when there is none).</summary>
        public T Read<T>(string sql, Func<SqliteDataReader?, T> read, params (string Name, object Value)[] parameters)
        {
            using SqliteDataReader reader = Prepare(sql, parameters).ExecuteReader();
            return read(reader.Read() ? reader : null);
        }

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }

        private SqliteCommand Prepare(string sql, (string Name, object Value)[] parameters)
        {
            // The statement is compiled once per connection and kept: Microsoft.Data.Sqlite reuses it while the command lives.
            if (!_commands.TryGetValue(sql, out SqliteCommand? command))
            {
                command = _connection!.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }

            command.Transaction = _transaction;
            command.Parameters.Clear();
            foreach ((string name, object value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return command;
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
                    _connection ??= Open();
                    using (_transaction = _connection.BeginTransaction(deferred: false))
                    {
                        foreach (Work work in batch)
                        {
                            work.Execute(this);
                        }

                        _transaction.Commit();
                    }

                    _transaction = null;
                    foreach (Work work in batch)
                    {
                        work.Publish();
                    }
                }
                catch (Exception ex)
                {
                    _transaction = null;
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

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                using SqliteCommand setup = connection.CreateCommand();

                // WAL with synchronous=NORMAL syncs at checkpoints instead of every commit: still no corruption on power
                // loss (the last commits may be lost — de-duplication records and contexts, not money).
                setup.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; " + _schema;
                setup.ExecuteNonQuery();
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        private void Close()
        {
            foreach (SqliteCommand command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
            _connection?.Dispose();
            _connection = null;
        }

        private abstract class Work
        {
            public abstract void Execute(SqliteWriter writer);

            public abstract void Publish();

            public abstract void Fail(Exception exception);
        }

        private sealed class Work<T>(Func<SqliteWriter, T> write, CancellationToken cancellationToken) : Work
        {
            private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private T? _value;
            private Exception? _error;
            private bool _skipped;

            public Task<T> Result => _result.Task;

            public override void Execute(SqliteWriter writer)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _skipped = true;
                    return;
                }

                try
                {
                    _value = write(writer);
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
