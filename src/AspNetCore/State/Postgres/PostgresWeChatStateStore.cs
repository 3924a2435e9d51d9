using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.AspNetCore.State.Postgres
{
    /// <summary>
    /// All hosting state in PostgreSQL, shared by every instance behind a load balancer: one access_token for all
    /// (refreshed under a database lock, so one instance calls WeChat), delivery records so a retry landing on
    /// another instance still runs the handler once, conversation contexts, and the turns of each sender's pushes (so two
    /// pushes of one user on two instances run one after the other). The tables are created on first use.
    /// </summary>
    /// <remarks>
    /// Expiry is stored as Unix seconds computed from the given <see cref="TimeProvider"/>, so the instances' clocks
    /// should agree (NTP) to within the delivery window. Tables go to the first schema of the connection's search
    /// path.
    /// </remarks>
    public sealed class PostgresWeChatStateStore : IWeChatTokenStore, IWeChatConversationStore, IWeChatDeliveryStore, IWeChatLock, IWeChatSenderTurns, IWeChatStateHealth, IAsyncDisposable, IDisposable
    {
        private const string Schema = """
            SELECT pg_advisory_xact_lock(hashtext('wechat_state_schema'));
            CREATE TABLE IF NOT EXISTS wechat_tokens (
                key text PRIMARY KEY,
                value text NOT NULL,
                expires_at bigint NOT NULL,
                refresh_at bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS wechat_conversations (
                open_id text PRIMARY KEY,
                data text NOT NULL,
                expires_at bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS wechat_deliveries (
                key text PRIMARY KEY,
                answer text,
                expires_at bigint NOT NULL,
                claim text);
            DO $$ BEGIN
                -- A table from before claim tokens gets the column; a look first, since ALTER TABLE locks out every reader.
                IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                               WHERE table_schema = current_schema() AND table_name = 'wechat_deliveries' AND column_name = 'claim') THEN
                    ALTER TABLE wechat_deliveries ADD COLUMN claim text;
                END IF;
            END $$;
            -- A row per sender, held while a push of the sender runs (expires_at 0 when given back). Unlogged: a turn means
            -- nothing after a server crash, and a commit that writes only this table does not wait for the write-ahead
            -- log to reach the disk. Room left on each page keeps taking and giving back a turn heap-only updates.
            CREATE UNLOGGED TABLE IF NOT EXISTS wechat_turns (
                open_id text PRIMARY KEY,
                holder text NOT NULL,
                expires_at bigint NOT NULL) WITH (fillfactor = 50);
            """;

        private const string SaveConversationSql = """
            INSERT INTO wechat_conversations (open_id, data, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (open_id) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at
            """;

        private const string CompleteDeliverySql = """
            INSERT INTO wechat_deliveries (key, answer, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET answer = EXCLUDED.answer, expires_at = EXCLUDED.expires_at
            """;

        /// <summary>
        /// The first statement of a batch whose transaction need not wait for the write-ahead log to reach the disk: it is
        /// visible to every session at once all the same, and a later synchronous commit (the answer's) flushes it too.
        /// </summary>
        private const string AsynchronousCommitSql = "SELECT set_config('synchronous_commit', 'off', true)";

        /// <summary>
        /// Gives a turn back by marking its row lapsed rather than deleting it: the sender's next push takes the same row
        /// over. A delete and an insert per push left a dead entry in the key's index for every push until the next vacuum
        /// (tens of thousands under load), each one visited by every later take of the turn; an update that changes no
        /// indexed column stays on its page and leaves the index alone. The clean-up deletes rows nobody holds.
        /// </summary>
        private const string GiveTurnBackSql = "UPDATE wechat_turns SET expires_at = 0 WHERE open_id = $1 AND holder = $2";

        private static readonly TimeSpan TurnPollInterval = TimeSpan.FromMilliseconds(20);

        private readonly NpgsqlDataSource _dataSource;
        private readonly int _poolSize;

        /// <summary>Where the store is, for health reports: user, host, port, database and search path (no password).</summary>
        private readonly string _where;
        private readonly bool _ownsDataSource;
        private readonly TimeProvider _time;
        private readonly SemaphoreSlim _schemaGate = new(1, 1);
        private volatile bool _schemaReady;
        private long _nextSweep;

        /// <summary>Connects with an Npgsql connection string; the store owns (and disposes) its data source.</summary>
        /// <param name="connectionString">E.g. <c>Host=db;Username=wechat;Password=…;Database=wechat</c>.</param>
        /// <param name="timeProvider">The clock expiry is measured against (the system clock by default).</param>
        /// <remarks>
        /// Unless the connection string says otherwise, the store's pool keeps its connections' sessions as they are
        /// between uses (<c>No Reset On Close=true</c>: the store leaves no session state behind) and prepares its
        /// statements once per connection (<c>Max Auto Prepare=32</c>): a reset on every return to the pool discards the
        /// prepared statements, and the server parses and plans every statement of every push again — about half of its
        /// work per push. Behind PgBouncer (which the store needs in session pooling, see <see cref="AcquireAsync"/>)
        /// both are safe.
        /// </remarks>
        public PostgresWeChatStateStore(string connectionString, TimeProvider? timeProvider = null)
            : this(BuildDataSource(connectionString), timeProvider, ownsDataSource: true)
        {
        }

        /// <summary>Uses an application's data source; the caller keeps ownership of it.</summary>
        /// <param name="dataSource">The data source to open connections from.</param>
        /// <param name="timeProvider">The clock expiry is measured against (the system clock by default).</param>
        /// <remarks>
        /// The data source is used as it is. Under load, give it <c>Max Auto Prepare</c> (and, if nothing else that uses it
        /// leaves session state behind, <c>No Reset On Close=true</c>), which the store sets for a data source of its own.
        /// </remarks>
        public PostgresWeChatStateStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null)
            : this(dataSource, timeProvider, ownsDataSource: false)
        {
        }

        private PostgresWeChatStateStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider, bool ownsDataSource)
        {
            ArgumentNullException.ThrowIfNull(dataSource);
            _dataSource = dataSource;
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            _poolSize = settings.MaxPoolSize;
            _where = $"PostgreSQL {settings.Username}@{settings.Host}:{settings.Port}/{settings.Database}{(settings.SearchPath is { Length: > 0 } path ? " (search path " + path + ")" : string.Empty)}";
            _ownsDataSource = ownsDataSource;
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <inheritdoc />
        public ValueTask<WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken) =>
            RunAsync(
                static async (connection, key, cancellationToken) =>
                {
                    await using NpgsqlCommand command = Command(connection, "SELECT value, expires_at, refresh_at FROM wechat_tokens WHERE key = $1", key);
                    await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    return new WeChatCachedToken(
                        reader.GetString(0),
                        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)),
                        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)));
                },
                key,
                cancellationToken);

        /// <inheritdoc />
        public async ValueTask SetAsync(string key, WeChatCachedToken token, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(token);
            await ExecuteAsync(
                """
                INSERT INTO wechat_tokens (key, value, expires_at, refresh_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, refresh_at = EXCLUDED.refresh_at
                """,
                cancellationToken,
                key, token.Value, token.ExpiresAt.ToUnixTimeSeconds(), token.RefreshAt.ToUnixTimeSeconds()).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask RemoveAsync(string key, string value, CancellationToken cancellationToken)
        {
            // Compare-and-delete: an instance holding a stale token must not remove the one another instance just stored.
            await ExecuteAsync("DELETE FROM wechat_tokens WHERE key = $1 AND value = $2", cancellationToken, key, value).ConfigureAwait(false);
        }

        /// <inheritdoc />
        ValueTask<IReadOnlyDictionary<string, string>?> IWeChatConversationStore.GetAsync(string openId, CancellationToken cancellationToken) =>
            RunAsync<IReadOnlyDictionary<string, string>?, (PostgresWeChatStateStore store, string openId)>(
                static async (connection, state, cancellationToken) =>
                {
                    await using NpgsqlCommand command = Command(connection, "SELECT data FROM wechat_conversations WHERE open_id = $1 AND expires_at > $2", state.openId, state.store.Now());
                    object? data = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    return data is string json ? WeChatConversationJson.Read(json) : null;
                },
                (store: this, openId),
                cancellationToken);

        /// <inheritdoc />
        async ValueTask IWeChatConversationStore.SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(values);
            await ExecuteAsync(
                SaveConversationSql,
                cancellationToken,
                openId, WeChatConversationJson.Write(values), ExpiresAt(timeToLive)).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken)
        {
            long now = Now();

            // Rows given back (expires_at 0), and those that lapsed with an instance that died holding them.
            await ExecuteAsync("DELETE FROM wechat_turns WHERE expires_at <= $1", cancellationToken, now).ConfigureAwait(false);
            return await ExecuteAsync("DELETE FROM wechat_conversations WHERE expires_at <= $1", cancellationToken, now).ConfigureAwait(false);
        }

        /// <summary>
        /// Takes the sender's turn as a lease row — inserted when no push of the sender runs, taken over once the holder's
        /// lease lapsed, otherwise tried again every 20 ms — and reads the conversation in the same round trip: a statement
        /// of its own after the lease's, so it sees what the previous holder saved as it gave the turn back. The row
        /// carries a token of this call, so a lease taken just before its connection dropped is recognised as this call's
        /// on the next try, and giving the turn back never deletes a lease another instance took over.
        /// </summary>
        public async ValueTask<IWeChatSenderTurn> EnterAsync(string openId, TimeSpan lease, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrEmpty(openId);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
            string holder = Guid.NewGuid().ToString("N");
            while (true)
            {
                (bool taken, string? conversation) = await RunAsync(
                    static async (connection, state, cancellationToken) =>
                    {
                        long now = state.store.Now();
                        await using var batch = new NpgsqlBatch(connection);
                        batch.BatchCommands.Add(BatchCommand(
                            """
                            INSERT INTO wechat_turns (open_id, holder, expires_at) VALUES ($1, $2, $3)
                            ON CONFLICT (open_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                            WHERE wechat_turns.expires_at <= $4 OR wechat_turns.holder = $2
                            RETURNING true
                            """,
                            state.openId, state.holder, state.store.ExpiresAt(state.lease), now));
                        batch.BatchCommands.Add(BatchCommand("SELECT data FROM wechat_conversations WHERE open_id = $1 AND expires_at > $2", state.openId, now));
                        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        bool taken = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        return (taken, taken && await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : null);
                    },
                    (store: this, openId, holder, lease),
                    cancellationToken).ConfigureAwait(false);
                if (taken)
                {
                    return new SenderTurn(this, openId, holder, conversation is null ? null : WeChatConversationJson.Read(conversation));
                }

                await Task.Delay(TurnPollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <inheritdoc />
        public async ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            SweepDeliveriesWhenDue();

            // The claim carries a token of this call: when the connection drops after the server took the claim but before
            // the answer arrived, the attempt on a fresh connection recognises the claim as its own instead of waiting
            // for a delivery nobody runs.
            string claimToken = Guid.NewGuid().ToString("N");
            return await RunAsync(
                static async (connection, state, cancellationToken) =>
                {
                    while (true)
                    {
                        long now = state.store.Now();

                        // Atomic in one statement: a new key is inserted, an expired record (or this call's own) taken over,
                        // a live one left alone (ON CONFLICT re-checks the WHERE against the committed row, so concurrent
                        // claimers get one winner). Its commit does not wait for the disk: other instances see the claim at
                        // once all the same, and the answer's commit, which does wait, makes it durable with it. A claim a
                        // server crash loses only lets a retry after the crash run the handler again.
                        await using (var claim = new NpgsqlBatch(connection))
                        {
                            claim.BatchCommands.Add(BatchCommand(AsynchronousCommitSql));
                            claim.BatchCommands.Add(BatchCommand(
                                """
                                INSERT INTO wechat_deliveries (key, answer, expires_at, claim) VALUES ($1, NULL, $2, $4)
                                ON CONFLICT (key) DO UPDATE SET answer = NULL, expires_at = EXCLUDED.expires_at, claim = EXCLUDED.claim
                                WHERE wechat_deliveries.expires_at <= $3 OR (wechat_deliveries.claim = $4 AND wechat_deliveries.answer IS NULL)
                                RETURNING true
                                """,
                                state.key, state.store.ExpiresAt(state.timeToLive), now, state.claimToken));
                            await using NpgsqlDataReader claimed = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                            await claimed.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            if (await claimed.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                return new WeChatDeliveryClaim(true, null);
                            }
                        }

                        await using NpgsqlCommand read = Command(connection, "SELECT answer FROM wechat_deliveries WHERE key = $1 AND expires_at > $2", state.key, now);
                        await using NpgsqlDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            return new WeChatDeliveryClaim(false, reader.IsDBNull(0) ? null : Encoding.UTF8.GetBytes(reader.GetString(0)));
                        }

                        // The record was abandoned between the two statements: claim again.
                    }
                },
                (store: this, key, timeToLive, claimToken),
                cancellationToken).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask CompleteAsync(string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            await ExecuteAsync(
                CompleteDeliverySql,
                cancellationToken,
                key, Encoding.UTF8.GetString(answer.Span), ExpiresAt(timeToLive)).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask AbandonAsync(string key, CancellationToken cancellationToken)
        {
            // Only a running claim is released; a completed answer stays for the retries.
            await ExecuteAsync("DELETE FROM wechat_deliveries WHERE key = $1 AND answer IS NULL", cancellationToken, key).ConfigureAwait(false);
        }

        /// <summary>
        /// Takes <c>pg_advisory_lock(hashtext(name))</c> on a connection of its own, held until the result is disposed,
        /// so it excludes every instance using the database. If the process dies, the server releases it with the session.
        /// </summary>
        public ValueTask<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(name);

            // A lock taken by a session that ended was released with it, so taking it again is as safe as any operation.
            return RunAsync<IAsyncDisposable, (NpgsqlDataSource dataSource, string name)>(
                static async (connection, state, cancellationToken) =>
                {
                    try
                    {
                        await using NpgsqlCommand command = Command(connection, "SELECT pg_advisory_lock(hashtext($1))", state.name);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!IsEndedSession(ex, cancellationToken))
                    {
                        // A wait cancelled in the instant the server granted the lock leaves it with the session, which the
                        // pool keeps as it is (No Reset On Close): release whatever the session holds before it goes back.
                        await ReleaseSessionLocksAsync(state.dataSource, connection).ConfigureAwait(false);
                        throw;
                    }

                    return new AdvisoryLock(state.dataSource, connection, state.name);
                },
                (_dataSource, name),
                cancellationToken,
                resultHoldsConnection: true);
        }

        /// <summary>
        /// Releases every advisory lock of the connection's session; when that fails too, clears the pool, which closes the
        /// connection (and so ends the session and its locks) when it is returned instead of handing it out again.
        /// </summary>
        private static async ValueTask ReleaseSessionLocksAsync(NpgsqlDataSource dataSource, NpgsqlConnection connection)
        {
            try
            {
                await using NpgsqlCommand command = Command(connection, "SELECT pg_advisory_unlock_all()");
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or IOException or SocketException or InvalidOperationException or TimeoutException)
            {
                dataSource.Clear();
            }
        }

        /// <summary>Disposes the data source when the store created it.</summary>
        public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : default;

        /// <summary>Disposes the data source when the store created it.</summary>
        public void Dispose()
        {
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }

        /// <summary>The store's own data source: the connection string, with the pool settings the store's work wants where it is silent.</summary>
        internal static NpgsqlDataSource BuildDataSource(string connectionString)
        {
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
            var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!Mentions(given, "noresetonclose"))
            {
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            }

            if (!Mentions(given, "maxautoprepare"))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            }

            return builder.Build();

            // Npgsql reads keywords without regard to case or spaces ("No Reset On Close", "NoResetOnClose").
            static bool Mentions(DbConnectionStringBuilder given, string keyword)
            {
                foreach (string key in given.Keys)
                {
                    if (string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// Opens a connection and creates the tables if they are missing, as the first push would: at start-up, what keeps
        /// the store from working is heard of before WeChat's first push.
        /// </summary>
        internal async ValueTask CheckAsync(CancellationToken cancellationToken)
        {
            NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// Opens a connection (creating the tables the first time) and asks the server whether it takes writes: after a
        /// failover the connection string may reach a standby, which accepts the connection and refuses every push's
        /// writes. A refusal that will not pass by itself (a wrong password, a missing database) is said with what to fix.
        /// </summary>
        public async ValueTask<string> CheckHealthAsync(CancellationToken cancellationToken)
        {
            try
            {
                // Through RunAsync like every operation: after a server restart the pool's idle sessions are gone, and the
                // check must not report the first of them as a failure.
                (bool inRecovery, bool readOnly) = await RunAsync(
                    static async (connection, _, token) =>
                    {
                        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'", connection);
                        await using NpgsqlDataReader row = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                        await row.ReadAsync(token).ConfigureAwait(false);
                        return (row.GetBoolean(0), row.GetBoolean(1));
                    },
                    0,
                    cancellationToken).ConfigureAwait(false);
                if (inRecovery)
                {
                    throw new InvalidOperationException($"{_where} is a standby in recovery, which takes no writes: point the connection string at the primary (with several hosts, Target Session Attributes=primary).");
                }

                if (readOnly)
                {
                    throw ReadOnly(null);
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
            {
                // Creating the tables the first time was refused.
                throw ReadOnly(ex);
            }
            catch (PostgresException ex) when (RefusalAdvice(ex.SqlState) is { } advice)
            {
                throw new InvalidOperationException($"{_where} refuses this application: {ex.SqlState}: {ex.MessageText}. {advice}.", ex);
            }

            return _where;

            InvalidOperationException ReadOnly(Exception? inner) => new(
                $"{_where} opens read-only sessions (default_transaction_read_only is on for this user or database), and the store writes on every push: turn it off for the store's user.",
                inner);
        }

        /// <summary>What to fix for a refusal that will not go away by itself, by SQLSTATE; null for any other error.</summary>
        internal static string? RefusalAdvice(string sqlState) => sqlState switch
        {
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                "Check Username and Password of the connection string (and the server's pg_hba.conf for this host)",
            PostgresErrorCodes.InvalidCatalogName => "Create the database, or name an existing one with Database= in the connection string",
            PostgresErrorCodes.InvalidSchemaName => "Create the schema of the connection string's Search Path, or name an existing one",
            PostgresErrorCodes.InsufficientPrivilege => "Grant the user CREATE on the schema the tables go in (the store creates them the first time)",
            _ => null,
        };

        /// <summary>The data source the store opens its connections from (for tests).</summary>
        internal NpgsqlDataSource DataSource => _dataSource;

        private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

        private long ExpiresAt(TimeSpan timeToLive) => (_time.GetUtcNow() + timeToLive).ToUnixTimeSeconds();

        /// <summary>
        /// Deletes expired delivery records once a minute, in the background: a minute's worth at a few thousand pushes a
        /// second is a few hundred thousand rows, a DELETE of a hundred milliseconds or more that no push should wait
        /// for. A sweep that fails leaves only expired records, which claims take over anyway; the next one tries again.
        /// </summary>
        private void SweepDeliveriesWhenDue()
        {
            long now = Now();
            long due = Volatile.Read(ref _nextSweep);
            if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + 60, due) != due)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await ExecuteAsync("DELETE FROM wechat_deliveries WHERE expires_at <= $1", CancellationToken.None, now).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DbException or ObjectDisposedException)
                {
                    // The database is unreachable (the pushes meanwhile answer 503 and say so) or the store was disposed.
                }
            });
        }

        private ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
            RunAsync(
                static async (connection, statement, cancellationToken) =>
                {
                    await using NpgsqlCommand command = Command(connection, statement.sql, statement.parameters);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                },
                (sql, parameters),
                cancellationToken);

        /// <summary>
        /// Runs <paramref name="operation"/> on a pooled connection. When the server had ended that connection's session
        /// — a restart, a failover, <c>pg_terminate_backend</c> — the pool cannot know until the connection is used, and
        /// after a restart every idle connection in it is such a one (Npgsql keeps them, and requests running at once
        /// can draw several before the pool is cleared): then the pool's idle connections are dropped and the operation
        /// runs again. Each such connection fails once and is gone, so the tries are bounded by the pool's size; a server
        /// that cannot be reached fails the opening of a new connection, which is not tried again. Every operation of this
        /// store gives the same result when it runs twice, so a session that ended after the server did the work is safe too.
        /// With <c>resultHoldsConnection</c> the result owns the connection once the operation succeeded (a held lock).
        /// </summary>
        private async ValueTask<T> RunAsync<T, TState>(
            Func<NpgsqlConnection, TState, CancellationToken, ValueTask<T>> operation,
            TState state,
            CancellationToken cancellationToken,
            bool resultHoldsConnection = false)
        {
            for (int ended = 0; ; ended++)
            {
                NpgsqlConnection? connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    T result = await operation(connection, state, cancellationToken).ConfigureAwait(false);
                    if (resultHoldsConnection)
                    {
                        connection = null;
                    }

                    return result;
                }
                catch (Exception ex) when (ended < _poolSize && IsEndedSession(ex, cancellationToken))
                {
                    _dataSource.Clear();
                }
                finally
                {
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>
        /// Whether <paramref name="exception"/> says the connection's session is gone: the server ended it
        /// (<c>57P01</c> admin shutdown, <c>57P02</c> crash shutdown) or the socket closed under it. A timeout or a
        /// cancellation is not: running the operation again would only wait again.
        /// </summary>
        private static bool IsEndedSession(Exception exception, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && exception switch
            {
                PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
                NpgsqlException { InnerException: IOException or SocketException } => true,
                _ => false,
            };

        private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection);
            AddParameters(command.Parameters, parameters);
            return command;
        }

        /// <summary>A statement of an <see cref="NpgsqlBatch"/>: the batch's statements run in one round trip and one transaction.</summary>
        private static NpgsqlBatchCommand BatchCommand(string sql, params object[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            AddParameters(command.Parameters, parameters);
            return command;
        }

        private static void AddParameters(NpgsqlParameterCollection collection, object[] parameters)
        {
            foreach (object value in parameters)
            {
                collection.Add(new NpgsqlParameter { Value = value });
            }
        }

        private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
        {
            NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private async ValueTask EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    // The transaction-scoped advisory lock serialises instances creating the tables at the same moment.
                    await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (var command = new NpgsqlCommand(Schema, connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                }
            }
            finally
            {
                _schemaGate.Release();
            }
        }

        private sealed class SenderTurn(PostgresWeChatStateStore store, string openId, string holder, IReadOnlyDictionary<string, string>? conversation) : IWeChatSenderTurn
        {
            private bool _left;

            public IReadOnlyDictionary<string, string>? Conversation => conversation;

            public async ValueTask LeaveAsync(WeChatTurnResult result, CancellationToken cancellationToken)
            {
                if (_left)
                {
                    throw new InvalidOperationException($"The turn of '{openId}' was given back already.");
                }

                if (result.Conversation is null && result.DeliveryKey is null)
                {
                    await DisposeAsync().ConfigureAwait(false);
                    return;
                }

                // One transaction: the next holder's read, after its lease, sees this context; a retry sees the answer.
                await store.RunAsync(
                    static async (connection, state, cancellationToken) =>
                    {
                        await using var batch = new NpgsqlBatch(connection);
                        if (state.data is not null)
                        {
                            batch.BatchCommands.Add(BatchCommand(SaveConversationSql, state.turn.openId, state.data, state.conversationExpiresAt));
                        }

                        if (state.key is not null)
                        {
                            batch.BatchCommands.Add(BatchCommand(CompleteDeliverySql, state.key, state.answer!, state.answerExpiresAt));
                        }

                        batch.BatchCommands.Add(BatchCommand(GiveTurnBackSql, state.turn.openId, state.turn.holder));
                        return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    },
                    (
                        turn: (openId, holder),
                        data: result.Conversation is null ? null : WeChatConversationJson.Write(result.Conversation),
                        conversationExpiresAt: store.ExpiresAt(result.ConversationTimeToLive),
                        key: result.DeliveryKey,
                        answer: result.DeliveryKey is null ? null : Encoding.UTF8.GetString(result.Answer.Span),
                        answerExpiresAt: store.ExpiresAt(result.AnswerTimeToLive)),
                    cancellationToken).ConfigureAwait(false);
                _left = true;
            }

            public async ValueTask DisposeAsync()
            {
                if (!_left)
                {
                    await store.ExecuteAsync(GiveTurnBackSql, CancellationToken.None, openId, holder).ConfigureAwait(false);
                    _left = true;
                }
            }
        }

        private sealed class AdvisoryLock(NpgsqlDataSource dataSource, NpgsqlConnection connection, string name) : IAsyncDisposable
        {
            private int _released;

            public async ValueTask DisposeAsync()
            {
                if (Interlocked.Exchange(ref _released, 1) != 0)
                {
                    return;
                }

                try
                {
                    await using NpgsqlCommand command = Command(connection, "SELECT pg_advisory_unlock(hashtext($1))", name);
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsEndedSession(ex, CancellationToken.None))
                {
                    // The session that held the lock is gone (a restart, a failover), and the server released the lock
                    // with it: the work done under the lock stands, and its caller must not fail for this.
                }
                catch
                {
                    // The lock may still be held by a session that is fine otherwise, and the pool keeps sessions as they
                    // are (No Reset On Close): clearing it closes this connection, and so the session, when it is returned.
                    dataSource.Clear();
                    throw;
                }
                finally
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
