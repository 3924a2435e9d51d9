using System;
using System.Threading;
using System.Threading.Tasks;
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

    /// <summary>
    /// A write whose caller waits for <see cref="Done"/>; <see cref="Committed"/> runs after the commit and before the
    /// caller hears of it, for what must be true by then (memory updated to match the file).
    /// </summary>
    internal abstract class SqliteWrite(CancellationToken cancellationToken) : SqliteWork(cancellationToken)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        protected virtual void Committed()
        {
        }

        protected sealed override void Succeeded()
        {
            Committed();
            _done.TrySetResult();
        }

        protected sealed override void Failed(Exception exception) => _done.TrySetException(exception);

        protected sealed override void Cancelled(CancellationToken token) => _done.TrySetCanceled(token);
    }
}
