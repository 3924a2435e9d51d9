using System;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// Copies the WAL back into the database file on its own connection and thread, so the writer — and every push
    /// waiting for its commit — does not stop for it: a checkpoint of a busy WAL takes tens of milliseconds, which on the
    /// writer became the p99 of every push under load.
    /// </summary>
    /// <remarks>
    /// Checkpoints are passive: they copy what no reader still needs and never wait for the writer, which goes on
    /// appending meanwhile. SQLite starts the WAL over only when a transaction begins with all of it copied, which a busy
    /// writer seldom sees, so the writer still checkpoints itself at a bound (<see cref="SqliteWriter"/>): by then this
    /// thread has copied all but the last interval's frames, and the writer's pause is a few milliseconds instead of
    /// the whole WAL's worth. The thread sleeps while nothing is written.
    /// </remarks>
    internal sealed class SqliteCheckpointer : IDisposable
    {
        /// <summary>How long writes gather between checkpoints: hot pages rewritten meanwhile are copied once.</summary>
        internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

        private readonly string _connectionString;
        private readonly object _gate = new();
        private readonly Thread _thread;
        private SqliteSession? _session;
        private int _pending;
        private volatile bool _stopping;

        public SqliteCheckpointer(string connectionString)
        {
            _connectionString = connectionString;
            _thread = new Thread(Run) { IsBackground = true, Name = "WeChat SQLite checkpoint" };
            _thread.Start();
        }

        /// <summary>
        /// The writer committed: a checkpoint follows within <see cref="Interval"/>. Cheap when one is already due, and
        /// harmless after <see cref="Dispose"/> (the writer commits what is left after the checkpointer stopped).
        /// </summary>
        public void Written()
        {
            if (Volatile.Read(ref _pending) == 0 && Interlocked.Exchange(ref _pending, 1) == 0)
            {
                lock (_gate)
                {
                    Monitor.Pulse(_gate);
                }
            }
        }

        /// <summary>Stops the thread (a checkpoint under way finishes first) and closes its connection. Idempotent.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }

            _thread.Join();
        }

        private void Run()
        {
            try
            {
                while (true)
                {
                    lock (_gate)
                    {
                        while (Volatile.Read(ref _pending) == 0 && !_stopping)
                        {
                            Monitor.Wait(_gate);
                        }

                        // Let writes gather; while one is due only Dispose pulses.
                        if (!_stopping)
                        {
                            Monitor.Wait(_gate, Interval);
                        }

                        if (_stopping)
                        {
                            return;
                        }
                    }

                    Volatile.Write(ref _pending, 0);
                    Checkpoint();
                }
            }
            finally
            {
                _session?.Dispose();
            }
        }

        private void Checkpoint()
        {
            try
            {
                _session ??= SqliteSession.Open(_connectionString, "PRAGMA journal_mode = WAL;"); // a fresh connection opens the WAL on its first read
                _session.Checkpoint();
            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
            {
                // Nothing is lost: the frames stay in the WAL, the next commit brings another try, and the writer's own
                // checkpoint still bounds the WAL (an I/O error that lasts reaches the callers through the writer). A
                // fresh connection is opened for the next try; this thread must never take the process down.
                _session?.Dispose();
                _session = null;
            }
        }
    }
}
