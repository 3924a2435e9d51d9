using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// Holds <c>&lt;database&gt;.lock</c> exclusively while a store has the file open: the store keeps state in memory in
    /// front of the file (conversations, running deliveries), which is only right for one store in one process, so a
    /// second one — another process, or a second registration — fails at once with a clear error instead of silently
    /// answering from stale state.
    /// </summary>
    internal sealed class SqliteFileLock : IDisposable
    {
        private readonly FileStream? _lock;

        private SqliteFileLock(FileStream? @lock)
        {
            _lock = @lock;
        }

        /// <summary>Takes the lock of the database named by <paramref name="connectionString"/> (none for an in-memory database).</summary>
        /// <exception cref="InvalidOperationException">Another store holds the database.</exception>
        public static SqliteFileLock Acquire(string connectionString)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            string source = builder.DataSource;
            if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new SqliteFileLock(null);
            }

            string path = Path.GetFullPath(source) + ".lock";
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new SqliteFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None));
            }
            catch (IOException ex)
            {
                throw new InvalidOperationException(
                    $"The SQLite state file '{Path.GetFullPath(source)}' is already in use by another process or another SqliteWeChatStateStore ('{path}' is locked). "
                    + "The SQLite store serves one process: register it once, or use AddWeChatPostgresState to share state between instances.",
                    ex);
            }
        }

        /// <summary>False for a database without a file (in memory), which has no lock to hold.</summary>
        public bool HoldsFile => _lock is not null;

        public void Dispose() => _lock?.Dispose();
    }
}
