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

        /// <summary>
        /// Takes the lock of the database named by <paramref name="connectionString"/> (none for an in-memory database) and
        /// checks that a file already there is a SQLite database.
        /// </summary>
        /// <exception cref="InvalidOperationException">
        /// Another store holds the database, the lock file cannot be created or opened, or the file is not a SQLite database.
        /// </exception>
        public static SqliteFileLock Acquire(string connectionString)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            string source = builder.DataSource;
            if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new SqliteFileLock(null);
            }

            string database = Path.GetFullPath(source);
            string path = database + ".lock";
            FileStream held;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            }
            catch (IOException ex) when (HeldByAnother(ex))
            {
                throw new InvalidOperationException(
                    $"The SQLite state file '{database}' is already in use by another process or another SqliteWeChatStateStore ('{path}' is locked). "
                    + "The SQLite store serves one process: register it once, or use AddWeChatPostgresState to share state between instances.",
                    ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException(
                    $"The SQLite state file '{database}' cannot be opened: its lock file '{path}' cannot be created or opened ({ex.Message.TrimEnd('.')}). "
                    + "Choose a file in a folder this process can write to.",
                    ex);
            }

            bool isDatabase;
            try
            {
                // An encrypted database (SQLCipher, with a password) has no plain header to check.
                isDatabase = !string.IsNullOrEmpty(builder.Password) || IsSqliteOrEmpty(database);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                held.Dispose();
                throw new InvalidOperationException($"The SQLite state file '{database}' cannot be read ({ex.Message.TrimEnd('.')}). Choose a file this process can read and write.", ex);
            }

            if (!isDatabase)
            {
                held.Dispose();
                throw new InvalidOperationException(
                    $"The SQLite state file '{database}' is not a SQLite database (it does not start with SQLite's file header), so every push would fail. "
                    + "Point the store at a new file, or at one it created.");
            }

            return new SqliteFileLock(held);
        }

        /// <summary>
        /// Whether the lock is taken by another handle: a sharing or lock violation on Windows, EWOULDBLOCK from flock
        /// elsewhere (11 on Linux, 35 on macOS and the BSDs). Anything else (a folder that is a file, a read-only disk) is
        /// not another store.
        /// </summary>
        private static bool HeldByAnother(IOException ex) =>
            ex.GetType() == typeof(IOException)
            && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35));

        /// <summary>A missing or empty file (SQLite makes a new database of it) or one that starts with "SQLite format 3\0".</summary>
        private static bool IsSqliteOrEmpty(string database)
        {
            ReadOnlySpan<byte> header = "SQLite format 3\0"u8;
            Span<byte> start = stackalloc byte[16];
            try
            {
                using var file = new FileStream(database, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
                int read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
                return read == 0 || start[..read].SequenceEqual(header);
            }
            catch (FileNotFoundException)
            {
                return true;
            }
        }

        /// <summary>False for a database without a file (in memory), which has no lock to hold.</summary>
        public bool HoldsFile => _lock is not null;

        public void Dispose() => _lock?.Dispose();
    }
}
