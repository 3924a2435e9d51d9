using System;
using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// A statement compiled once on a connection and run with values bound straight from spans: the writes every push
    /// makes (its conversation, its answer) cost no parameter objects, no boxing and no text copies in .NET. Parameters
    /// are positional (<c>?1</c>, <c>?2</c>, …). Not thread-safe: it belongs to its session's owner.
    /// </summary>
    internal sealed class SqliteStatement : IDisposable
    {
        private const int StackLimit = 512;
        private readonly sqlite3 _database;
        private readonly sqlite3_stmt _statement;

        private SqliteStatement(sqlite3 database, sqlite3_stmt statement)
        {
            _database = database;
            _statement = statement;
        }

        /// <summary>Compiles <paramref name="sql"/> on <paramref name="connection"/> (which must be open).</summary>
        public static SqliteStatement Prepare(SqliteConnection connection, string sql)
        {
            sqlite3 database = connection.Handle!;
            int result = raw.sqlite3_prepare_v2(database, sql, out sqlite3_stmt statement);
            if (result != raw.SQLITE_OK)
            {
                statement?.Dispose();
                throw Error(database, result);
            }

            return new SqliteStatement(database, statement);
        }

        /// <summary>The rowid of the last row this connection inserted.</summary>
        public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_database);

        public void Bind(int index, long value) => raw.sqlite3_bind_int64(_statement, index, value);

        /// <summary>Binds UTF-8 text (SQLite copies it).</summary>
        public void BindUtf8(int index, ReadOnlySpan<byte> value) => raw.sqlite3_bind_text(_statement, index, value);

        /// <summary>Binds text, encoded to UTF-8 on the stack when it is short.</summary>
        public void Bind(int index, string value)
        {
            int length = Encoding.UTF8.GetMaxByteCount(value.Length);
            byte[]? rented = null;
            Span<byte> utf8 = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                int written = Encoding.UTF8.GetBytes(value, utf8);
                BindUtf8(index, utf8[..written]);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <summary>Runs the statement to its end and readies it for the next values; returns the rows it changed.</summary>
        /// <exception cref="SqliteException">SQLite refused the statement (the values stay unbound).</exception>
        public int Execute()
        {
            try
            {
                int result = raw.sqlite3_step(_statement);
                while (result == raw.SQLITE_ROW)
                {
                    result = raw.sqlite3_step(_statement);
                }

                if (result != raw.SQLITE_DONE)
                {
                    throw Error(_database, result);
                }

                return raw.sqlite3_changes(_database);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
                raw.sqlite3_clear_bindings(_statement);
            }
        }

        public void Dispose() => _statement.Dispose();

        /// <summary>The error SQLite reports for <paramref name="result"/> on <paramref name="database"/>.</summary>
        internal static SqliteException Error(sqlite3 database, int result) =>
            new(raw.sqlite3_errmsg(database).utf8_to_string() ?? $"SQLite error {result}", result, raw.sqlite3_extended_errcode(database));
    }
}
