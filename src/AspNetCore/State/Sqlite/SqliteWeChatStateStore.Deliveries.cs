using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>
    /// Deliveries: running claims live in memory (one process holds the file), finished answers go to the file as they
    /// finish, with their keys and row ids kept in memory for the window (an <see cref="AnswerLog"/>, out of the garbage
    /// collector's way), so claiming a new delivery reads and writes nothing.
    /// </summary>
    public sealed partial class SqliteWeChatStateStore
    {
        private const int SweepChunk = 2000;

        private readonly ConcurrentDictionary<string, long> _running = new(StringComparer.Ordinal);
        private readonly AnswerLog _answered = new();
        private long _nextFileSweep;
        private int _sweeping;

        /// <inheritdoc />
        public ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(key);
            ValueTask opened = OpenAsync();
            return opened.IsCompletedSuccessfully ? Claim(key, timeToLive) : ClaimAfterOpenAsync(opened, key, timeToLive);
        }

        /// <inheritdoc />
        public ValueTask CompleteAsync(string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(key);
            ValueTask opened = OpenAsync();
            if (!opened.IsCompletedSuccessfully)
            {
                return CompleteAfterOpenAsync(opened, key, answer, timeToLive, cancellationToken);
            }

            var write = new AnswerWrite(this, key, answer, ExpiresAt(timeToLive), cancellationToken);
            _writer.Enqueue(write);
            return new ValueTask(write.Done);
        }
        /// <inheritdoc />
        public ValueTask AbandonAsync(string key, CancellationToken cancellationToken)
        {
            // Only a running claim is released; a completed answer stays for the retries.
            _running.TryRemove(key, out _);
            return default;
        }

        private async ValueTask CompleteAfterOpenAsync(ValueTask opened, string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            await opened.ConfigureAwait(false);
            await CompleteAsync(key, answer, timeToLive, cancellationToken).ConfigureAwait(false);
        }

        private async ValueTask<WeChatDeliveryClaim> ClaimAfterOpenAsync(ValueTask opened, string key, TimeSpan timeToLive)
        {
            await opened.ConfigureAwait(false);
            return await Claim(key, timeToLive).ConfigureAwait(false);
        }

        private ValueTask<WeChatDeliveryClaim> Claim(string key, TimeSpan timeToLive)
        {
            long now = Now();
            Sweep(now);
            long claimExpires = ExpiresAt(timeToLive);
            while (true)
            {
                if (_running.TryAdd(key, claimExpires))
                {
                    return ClaimedUnlessAnswered(key, claimExpires, now);
                }

                if (!_running.TryGetValue(key, out long running))
                {
                    continue; // finished or abandoned in between: try again
                }

                if (running > now)
                {
                    return new(new WeChatDeliveryClaim(false, null));
                }

                // A claim whose process stopped answering past its lifetime is taken over.
                if (_running.TryUpdate(key, claimExpires, running))
                {
                    return ClaimedUnlessAnswered(key, claimExpires, now);
                }
            }
        }

        /// <summary>The key was free; it may have been free because its delivery finished: then the answer is returned.</summary>
        private ValueTask<WeChatDeliveryClaim> ClaimedUnlessAnswered(string key, long claimExpires, long now)
        {
            if (!_answered.TryGet(key, now, out long id))
            {
                return new(new WeChatDeliveryClaim(true, null));
            }

            _running.TryRemove(new KeyValuePair<string, long>(key, claimExpires));
            byte[]? answer = _readers.Read(
                "SELECT answer FROM wechat_delivery_answers WHERE id = $id",
                r => r is null ? null : Encoding.UTF8.GetBytes(r.GetString(0)),
                ("$id", id));
            return new(new WeChatDeliveryClaim(false, answer));
        }

        /// <summary>Reads the keys of the answers a previous run left for the window (on the writer, when the file opens).</summary>
        private int RestoreAnswerKeys(SqliteSession writer)
        {
            long now = Now();
            return writer.ReadAll(
                "SELECT id, key, expires_at FROM wechat_delivery_answers WHERE expires_at > $now ORDER BY id",
                row => _answered.Add(row.GetString(1), row.GetInt64(0), row.GetInt64(2), now),
                ("$now", now));
        }

        /// <summary>
        /// Drops expired answers from the file every second, off the request path, a chunk per write so commits keep
        /// flowing between them (the memory index drops its own). Answers are appended as they finish with the same
        /// lifetime, so the expired ones are the oldest ids: each chunk looks at the oldest rows only, never the whole table.
        /// </summary>
        private void Sweep(long now)
        {
            if (now < Volatile.Read(ref _nextFileSweep) || Interlocked.Exchange(ref _sweeping, 1) == 1)
            {
                return;
            }

            Volatile.Write(ref _nextFileSweep, now + 1);
            _ = Task.Run(async () =>
            {
                try
                {
                    int deleted;
                    do
                    {
                        deleted = await ExecuteAsync(
                            """
                            DELETE FROM wechat_delivery_answers WHERE id IN (
                                SELECT id FROM (SELECT id, expires_at FROM wechat_delivery_answers ORDER BY id LIMIT $chunk) WHERE expires_at <= $now)
                            """,
                            CancellationToken.None,
                            ("$now", now), ("$chunk", SweepChunk)).ConfigureAwait(false);
                    }
                    while (deleted == SweepChunk);
                }
                catch (ObjectDisposedException)
                {
                    // The store closed meanwhile; the next run sweeps.
                }
                finally
                {
                    Volatile.Write(ref _sweeping, 0);
                }
            });
        }

        /// <summary>
        /// Appends a finished delivery's answer. Once committed — and before its caller hears of it — the key is answered
        /// and its claim released, in that order: a claim that finds the key free always finds its answer too.
        /// </summary>
        private sealed class AnswerWrite(SqliteWeChatStateStore store, string key, ReadOnlyMemory<byte> answer, long expiresAt, CancellationToken cancellationToken)
            : SqliteWrite(cancellationToken)
        {
            private long _id;

            protected override void Execute(SqliteSession session)
            {
                SqliteStatement insert = session.Statement("INSERT INTO wechat_delivery_answers (key, answer, expires_at) VALUES (?1, ?2, ?3)");
                insert.Bind(1, key);
                insert.BindUtf8(2, answer.Span);
                insert.Bind(3, expiresAt);
                insert.Execute();
                _id = insert.LastInsertRowId;
            }

            protected override void Committed()
            {
                store._answered.Add(key, _id, expiresAt, store.Now());
                store._running.TryRemove(key, out _);
            }
        }
    }
}
