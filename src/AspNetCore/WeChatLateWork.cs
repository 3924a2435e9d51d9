using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The webhook's work that outlives its requests — handlers that ran past the deadline, pushes that waited past it
    /// for their sender's turn, and their customer-service replies — which the application's shutdown waits for: WeChat
    /// was answered "success" already, so a reply cut off by a deploy would never reach the user. Stopping waits until
    /// the work is done or the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>) runs out; then the handlers'
    /// <see cref="WeChatHandlerContext.CancellationToken"/> is cancelled and what is left is logged as dropped.
    /// </summary>
    internal sealed partial class WeChatLateWork : IHostedLifecycleService, IDisposable
    {
        private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);
        private readonly CancellationTokenSource _abandoned = new();
        private readonly HashSet<Task> _running = new();
        private readonly ILogger _logger;

        public WeChatLateWork(ILoggerFactory loggers)
        {
            _logger = loggers.CreateLogger("WeChat.OfficialAccount.AspNetCore.Webhook");
        }

        /// <summary>Cancelled when the application stops before the late work is done.</summary>
        public CancellationToken Abandoned => _abandoned.Token;

        /// <summary>Keeps <paramref name="work"/> until it ends, so that stopping the application waits for it.</summary>
        public void Track(Task work)
        {
            lock (_running)
            {
                _running.Add(work);
            }

            work.ContinueWith(
                static (ended, state) =>
                {
                    var self = (WeChatLateWork)state!;
                    lock (self._running)
                    {
                        self._running.Remove(ended);
                    }

                    if (ended.IsFaulted)
                    {
                        // The work logs the failures it expects; anything else would otherwise vanish unobserved.
                        Log.Failed(self._logger, ended.Exception.GetBaseException());
                    }
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>
        /// Waits for the late work once every hosted service has stopped — the server too, after its requests ended —
        /// so a push still in flight when stopping began, whose handler then ran past the deadline, is waited for as
        /// well; the token is the host's shutdown timeout, shared by the whole stopping sequence.
        /// </summary>
        public async Task StoppedAsync(CancellationToken cancellationToken)
        {
            // Work can start while earlier work ends (a push that waited for its sender's turn runs when it comes).
            while (true)
            {
                Task[] running;
                lock (_running)
                {
                    running = _running.ToArray();
                }

                if (running.Length == 0)
                {
                    return;
                }

                Log.Waiting(_logger, running.Length);
                try
                {
                    await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Log.Abandoning(_logger, running.Count(t => !t.IsCompleted));
                    await _abandoned.CancelAsync().ConfigureAwait(false);

                    // A moment for the cancelled work to end and log what it dropped before the process goes.
                    await Task.WhenAny(Task.WhenAll(running), Task.Delay(AbandonGrace)).ConfigureAwait(false);
                    return;
                }
                catch (Exception)
                {
                    // The work logs its own failures; only its end matters here.
                }
            }
        }

        public void Dispose() => _abandoned.Dispose();

        private static partial class Log
        {
            [LoggerMessage(20, LogLevel.Information, "The application is stopping: waiting for {Count} WeChat handler(s) past the deadline and their late replies")]
            public static partial void Waiting(ILogger logger, int count);

            [LoggerMessage(30, LogLevel.Error, "WeChat work left past a push's deadline (a late handler, its reply, or the state store's part) failed; what it had left to do is lost")]
            public static partial void Failed(ILogger logger, Exception exception);

            [LoggerMessage(21, LogLevel.Warning, "The host's shutdown timeout ran out with {Count} WeChat handler(s) past the deadline still running: they are cancelled and their replies dropped")]
            public static partial void Abandoning(ILogger logger, int count);
        }
    }
}
