using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// One open connection that keeps its compiled statements: Microsoft.Data.Sqlite reuses a command's prepared
    /// statement while the command lives, so each SQL text is compiled once per connection instead of once per call.
    /// Not thread-safe: the writer owns one, and readers rent one at a time from <see cref="SqliteReaders"/>.
    /// </summary>
    internal sealed class SqliteSession : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);
        private SqliteTransaction? _transaction;

        private SqliteSession(SqliteConnection connection)
        {
            _connection = connection;
        }

        /// <summary>Opens a connection and runs <paramref name="setup"/> on it (pragmas, schema).</summary>
        public static SqliteSession Open(string connectionString, string setup)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using SqliteCommand command = connection.CreateCommand();

                // Another process holding the write lock is waited for inside SQLite, in small steps.
                command.CommandText = "PRAGMA busy_timeout = 5000; " + setup;
                command.ExecuteNonQuery();
                return new SqliteSession(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Runs <paramref name="work"/> in one immediate transaction and commits it.</summary>
        public void InTransaction(Action work)
        {
            using (_transaction = _connection.BeginTransaction(deferred: false))
            {
                try
                {
                    work();
                    _transaction.Commit();
                }
                finally
                {
                    _transaction = null;
                }
            }
        }

        /// <summary>Executes one statement; returns the number of rows it changed.</summary>
        public int Execute(string sql, params (string Name, object Value)[] parameters) => Prepare(sql, parameters).ExecuteNonQuery();

        /// <summary>Runs <paramref name="read"/> on every row of one statement; returns how many rows there were.</summary>
        public int ReadAll(string sql, Action<SqliteDataReader> read, params (string Name, object Value)[] parameters)
        {
            using SqliteDataReader reader = Prepare(sql, parameters).ExecuteReader();
            int rows = 0;
            while (reader.Read())
            {
                read(reader);
                rows++;
            }

            return rows;
        }

        /// <summary>Reads the first row of one statement (<paramref name="read"/> gets null when there is none).</summary>
        public T Read<T>(string sql, Func<SqliteDataReader?, T> read, params (string Name, object Value)[] parameters)
        {
            using SqliteDataReader reader = Prepare(sql, parameters).ExecuteReader();
            return read(reader.Read() ? reader : null);
        }

        /// <summary>The compiled <paramref name="sql"/> on this connection, for values bound from spans (compiled on first use).</summary>
        public SqliteStatement Statement(string sql)
        {
            if (!_statements.TryGetValue(sql, out SqliteStatement? statement))
            {
                statement = SqliteStatement.Prepare(_connection, sql);
                _statements[sql] = statement;
            }

            return statement;
        }

        /// <summary>
        /// A passive checkpoint of the main database: copies what it can without waiting for anyone. Nothing happens when
        /// the database keeps no WAL or another connection is checkpointing it.
        /// </summary>
        /// <exception cref="SqliteException">SQLite failed (an I/O error).</exception>
        public void Checkpoint()
        {
            sqlite3 database = _connection.Handle!;
            int result = raw.sqlite3_wal_checkpoint_v2(database, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
            if (result != raw.SQLITE_OK && result != raw.SQLITE_BUSY)
            {
                throw SqliteStatement.Error(database, result);
            }
        }

        public void Dispose()
        {
            foreach (SqliteCommand command in _commands.Values)
            {
                command.Dispose();
            }

            foreach (SqliteStatement statement in _statements.Values)
            {
                statement.Dispose();
            }

            _commands.Clear();
            _statements.Clear();
            _connection.Dispose();
        }

        /// <summary>
        /// The kept command for <paramref name="sql"/> with these values bound: its parameters are created once, with the
        /// command, and only their values change from call to call.
        /// </summary>
        private SqliteCommand Prepare(string sql, (string Name, object Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out SqliteCommand? command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                foreach ((string name, object value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                _commands[sql] = command;
            }
            else
            {
                SqliteParameterCollection bound = command.Parameters;
                for (int i = 0; i < parameters.Length; i++)
                {
                    bound[i].Value = parameters[i].Value;
                }
            }

            command.Transaction = _transaction;
            return command;
        }
    }

    /// <summary>Idle read sessions, rented one per read: WAL lets readers run beside the writer and each other.</summary>
    internal sealed class SqliteReaders : IDisposable
    {
        private const int MaxIdle = 16;
        private readonly string _connectionString;
        private readonly ConcurrentBag<SqliteSession> _idle = new();
        private int _idleCount; // ConcurrentBag.Count takes every lock of the bag: kept alongside instead
        private volatile bool _disposed;

        public SqliteReaders(string connectionString)
        {
            _connectionString = connectionString;
        }

        /// <summary>Reads the first row of <paramref name="sql"/> on an idle session (opened when none is idle).</summary>
        public T Read<T>(string sql, Func<SqliteDataReader?, T> read, params (string Name, object Value)[] parameters)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SqliteSession session;
            if (_idle.TryTake(out SqliteSession? idle))
            {
                Interlocked.Decrement(ref _idleCount);
                session = idle;
            }
            else
            {
                session = SqliteSession.Open(_connectionString, string.Empty);
            }

            T result;
            try
            {
                result = session.Read(sql, read, parameters);
            }
            catch
            {
                session.Dispose();
                throw;
            }

            bool keep = false;
            if (!_disposed)
            {
                keep = Interlocked.Increment(ref _idleCount) <= MaxIdle;
                if (!keep)
                {
                    Interlocked.Decrement(ref _idleCount);
                }
            }

            if (keep)
            {
                _idle.Add(session);
                if (_disposed)
                {
                    Dispose(); // raced with Dispose: drain again so no connection stays open
                }
            }
            else
            {
                session.Dispose();
            }

            return result;
        }

        public void Dispose()
        {
            _disposed = true;
            while (_idle.TryTake(out SqliteSession? session))
            {
                Interlocked.Decrement(ref _idleCount);
                session.Dispose();
            }
        }
    }
}
