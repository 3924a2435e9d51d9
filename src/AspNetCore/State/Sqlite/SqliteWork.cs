using System;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// One write for the <see cref="SqliteWriter"/>: it runs inside a batch's transaction and reports its outcome only
    /// after the batch committed (or failed), so a caller never sees a change the file may not keep.
    /// </summary>
    internal abstract class SqliteWork(CancellationToken cancellationToken)
    {
        private Exception? _error;
        private bool _skipped;

        /// <summary>Runs the write unless its caller gave up; a statement SQLite refuses fails this write alone.</summary>
        public void Run(SqliteSession session)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _skipped = true;
                return;
            }

            try
            {
                Execute(session);
            }
            catch (SqliteException ex)
            {
                // SQLite rolled this statement back alone; the rest of the batch goes on.
                _error = ex;
            }
        }

        /// <summary>After the commit: reports the write's own outcome.</summary>
        public void Publish()
        {
            if (_skipped)
            {
                Cancelled(cancellationToken);
            }
            else if (_error is not null)
            {
                Failed(_error);
            }
            else
            {
                Succeeded();
            }
        }

        /// <summary>The batch failed as a whole (its commit, or the connection).</summary>
        public void Fail(Exception exception)
        {
            if (_skipped)
            {
                Cancelled(cancellationToken);
            }
            else
            {
                Failed(_error ?? exception);
            }
        }

        protected abstract void Execute(SqliteSession session);

        protected abstract void Succeeded();

        protected abstract void Failed(Exception exception);

        protected abstract void Cancelled(CancellationToken token);
    }
}
