using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// A named lock inside one process (a <see cref="SemaphoreSlim"/> per name). It excludes callers in this process
    /// only; instances behind a load balancer need a database lock such as the PostgreSQL store's.
    /// </summary>
    public sealed class InMemoryWeChatLock : IWeChatLock
    {
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _semaphores = new(StringComparer.Ordinal);

        /// <inheritdoc />
        public async ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
        {
            // The semaphores are never removed: one per lock name, and the names are few (one per token kind).
            SemaphoreSlim semaphore = _semaphores.GetOrAdd(name, static _ => new SemaphoreSlim(1, 1));
            await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Release(semaphore);
        }

        private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
        {
            private int _released;

            public ValueTask DisposeAsync()
            {
                if (Interlocked.Exchange(ref _released, 1) == 0)
                {
                    semaphore.Release();
                }

                return default;
            }
        }
    }
}
