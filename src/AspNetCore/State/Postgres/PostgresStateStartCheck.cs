using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WeChat.OfficialAccount.AspNetCore.State.Postgres
{
    /// <summary>
    /// Connects to the PostgreSQL state store (creating its tables) when the application starts. A server that refuses
    /// this application for good — a wrong password, a database or schema that does not exist, no right to create the
    /// tables — stops the start with what to fix, instead of a bot that answers every push 503. A server that cannot be
    /// reached may come back (a database restarting beside the deploy): the bot starts, with a warning, and answers
    /// pushes 503 until it does, so WeChat retries them.
    /// </summary>
    internal sealed partial class PostgresStateStartCheck : IHostedService, IDisposable
    {
        /// <summary>How long the start waits for the answer; a server silent for longer is checked on in the background.</summary>
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

        private readonly PostgresWeChatStateStore _store;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stopping = new();

        public PostgresStateStartCheck(PostgresWeChatStateStore store, ILoggerFactory loggerFactory)
        {
            _store = store;
            _logger = loggerFactory.CreateLogger("WeChat.OfficialAccount.AspNetCore.State.Postgres");
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Task check = _store.CheckAsync(_stopping.Token).AsTask();
            try
            {
                await check.WaitAsync(Patience, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!check.IsCompleted)
            {
                Log.StillConnecting(_logger, Patience.TotalSeconds);
                _ = check.ContinueWith(
                    finished => Report(finished.Exception?.InnerException, starting: false),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Report(ex, starting: true);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _stopping.Cancel();
            return Task.CompletedTask;
        }

        public void Dispose() => _stopping.Dispose();

        /// <summary>Throws for a refusal while the application starts; otherwise logs what the check found.</summary>
        private void Report(Exception? failure, bool starting)
        {
            if (failure is null || _stopping.IsCancellationRequested)
            {
                return;
            }

            if (failure is PostgresException { SqlState: { } state } refused && PostgresWeChatStateStore.RefusalAdvice(state) is { } advice)
            {
                string reason = $"The PostgreSQL state store refuses this application: {state}: {refused.MessageText}. {advice}.";
                if (starting)
                {
                    throw new InvalidOperationException(reason, failure);
                }

                Log.Refused(_logger, reason);
                return;
            }

            Log.Unreachable(_logger, failure, failure.Message);
        }

        private static partial class Log
        {
            [LoggerMessage(1, LogLevel.Warning, "The PostgreSQL state store cannot be reached at start ({Reason}); the bot answers pushes 503 (WeChat retries them) until it can")]
            public static partial void Unreachable(ILogger logger, Exception exception, string reason);

            [LoggerMessage(2, LogLevel.Warning, "The PostgreSQL state store has not answered within {Seconds} s of the start; the bot starts, and answers pushes 503 (WeChat retries them) until the store answers")]
            public static partial void StillConnecting(ILogger logger, double seconds);

            [LoggerMessage(3, LogLevel.Error, "{Reason} Every push is answered 503 until then")]
            public static partial void Refused(ILogger logger, string reason);
        }
    }
}
