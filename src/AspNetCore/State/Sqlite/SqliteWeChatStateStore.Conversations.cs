using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State.Sqlite
{
    /// <summary>Conversation contexts: the file, with the contexts in use kept in memory in front of it.</summary>
    public sealed partial class SqliteWeChatStateStore
    {
        /// <summary>How many senders' contexts stay in memory; past it the memory copy starts over from the file.</summary>
        private const int MaxCachedConversations = 100_000;

        private readonly ConcurrentDictionary<string, CachedConversation> _conversations = new(StringComparer.Ordinal);

        // Used by conversation writes only, which run one at a time on the writer.
        private readonly ArrayBufferWriter<byte> _jsonBuffer = new(512);
        private readonly Utf8JsonWriter _json;
        private int _cachedConversations; // ConcurrentDictionary.Count takes every lock: counted alongside instead

        /// <inheritdoc />
        ValueTask<IReadOnlyDictionary<string, string>?> IWeChatConversationStore.GetAsync(string openId, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(openId);
            if (_conversations.TryGetValue(openId, out CachedConversation? cached))
            {
                return new(cached.ExpiresAt > Now() ? cached.Values : null);
            }

            return ReadConversationAsync(openId, cancellationToken);
        }

        /// <inheritdoc />
        ValueTask IWeChatConversationStore.SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(openId);
            ArgumentNullException.ThrowIfNull(values);
            ValueTask opened = OpenAsync();
            if (!opened.IsCompletedSuccessfully)
            {
                return SetAfterOpenAsync(opened, openId, values, timeToLive, cancellationToken);
            }

            // The webhook hands over a context nothing changes any more; anything else is copied, as a caller may change it.
            IReadOnlyDictionary<string, string> kept = WeChatConversationValues.Of(values);
            var write = new ConversationWrite(this, openId, new CachedConversation(kept, ExpiresAt(timeToLive)), cancellationToken);
            _writer.Enqueue(write);
            return new ValueTask(write.Done);
        }

        private async ValueTask SetAfterOpenAsync(ValueTask opened, string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            await opened.ConfigureAwait(false);
            await ((IWeChatConversationStore)this).SetAsync(openId, values, timeToLive, cancellationToken).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken)
        {
            long now = Now();
            foreach (KeyValuePair<string, CachedConversation> pair in _conversations)
            {
                if (pair.Value.ExpiresAt <= now && _conversations.TryRemove(pair))
                {
                    Interlocked.Decrement(ref _cachedConversations);
                }
            }

            return await ExecuteAsync("DELETE FROM wechat_conversations WHERE expires_at <= $now", cancellationToken, ("$now", now)).ConfigureAwait(false);
        }

        /// <summary>
        /// Reads a context the memory does not have, on the writer connection: behind every write queued before it, so it
        /// never returns a context older than one this process already saved.
        /// </summary>
        private async ValueTask<IReadOnlyDictionary<string, string>?> ReadConversationAsync(string openId, CancellationToken cancellationToken)
        {
            await OpenAsync().ConfigureAwait(false);
            CachedConversation read = await _writer.RunAsync(
                writer => writer.Read(
                    "SELECT data, expires_at FROM wechat_conversations WHERE open_id = $id",
                    row => row is null
                        ? new CachedConversation(null, long.MaxValue)
                        : new CachedConversation(new WeChatConversationValues(WeChatConversationJson.Read(row.GetString(0))), row.GetInt64(1)),
                    ("$id", openId)),
                cancellationToken).ConfigureAwait(false);

            // A save that finished meanwhile is newer than this read: keep the memory copy it left.
            CachedConversation kept = read;
            if (_conversations.TryAdd(openId, read))
            {
                Counted();
            }
            else if (_conversations.TryGetValue(openId, out CachedConversation? newer))
            {
                kept = newer;
            }

            return kept.ExpiresAt > Now() ? kept.Values : null;
        }

        private void Remember(string openId, CachedConversation conversation)
        {
            if (_conversations.TryAdd(openId, conversation))
            {
                Counted();
            }
            else
            {
                _conversations[openId] = conversation;
            }
        }

        /// <summary>Counts a new memory entry; past the limit the memory copy starts over (the file has everything).</summary>
        private void Counted()
        {
            if (Interlocked.Increment(ref _cachedConversations) > MaxCachedConversations)
            {
                _conversations.Clear();
                Volatile.Write(ref _cachedConversations, 0);
            }
        }

        /// <summary>A sender's context as the file has it (no values: the file has none), with its expiry in Unix seconds.</summary>
        private sealed record CachedConversation(IReadOnlyDictionary<string, string>? Values, long ExpiresAt);

        /// <summary>
        /// Saves a sender's context; once it is committed — and before its caller hears of it — memory has it too, so a
        /// reader never sees a context the file may not get.
        /// </summary>
        private sealed class ConversationWrite(SqliteWeChatStateStore store, string openId, CachedConversation conversation, CancellationToken cancellationToken)
            : SqliteWrite(cancellationToken)
        {
            protected override void Execute(SqliteSession session)
            {
                SqliteStatement upsert = session.Statement(
                    """
                    INSERT INTO wechat_conversations (open_id, data, expires_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (open_id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at
                    """);
                upsert.Bind(1, openId);
                store._jsonBuffer.ResetWrittenCount();
                store._json.Reset(store._jsonBuffer);
                WeChatConversationJson.Write(conversation.Values!, store._json);
                upsert.BindUtf8(2, store._jsonBuffer.WrittenSpan);
                upsert.Bind(3, conversation.ExpiresAt);
                upsert.Execute();
            }

            protected override void Committed()
            {
                store.Remember(openId, conversation);
            }
        }
    }
}
