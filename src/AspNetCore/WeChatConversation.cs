using System;
using System.Collections;
using System.Collections.Generic;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The sender's conversation context: a string dictionary kept between messages (per OpenID, expiring after
    /// <see cref="WeChatWebhookOptions.ConversationTimeToLive"/>). Read before the handler runs; saved after it only
    /// when it changed.
    /// </summary>
    /// <remarks>
    /// The values as read are shared with the store and never changed: the first change works on a copy, and the
    /// saved state is handed to the store without copying again.
    /// </remarks>
    public sealed class WeChatConversation : IEnumerable<KeyValuePair<string, string>>
    {
        private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>(0, StringComparer.Ordinal);
        private IReadOnlyDictionary<string, string> _read;
        private Dictionary<string, string>? _changed;

        internal WeChatConversation(IReadOnlyDictionary<string, string>? values)
        {
            _read = values ?? Nothing;
        }

        /// <summary>Whether anything was set or removed since it was read.</summary>
        public bool HasChanged { get; private set; }

        /// <summary>How many values it holds.</summary>
        public int Count => Current.Count;

        private IReadOnlyDictionary<string, string> Current => _changed ?? _read;

        /// <summary>Gets or sets a value; reading a missing key gives null.</summary>
        public string? this[string key]
        {
            get => Current.TryGetValue(key, out string? value) ? value : null;
            set
            {
                if (value is null)
                {
                    if (Current.ContainsKey(key))
                    {
                        Writable().Remove(key);
                        HasChanged = true;
                    }
                }
                else if (!Current.TryGetValue(key, out string? current) || current != value)
                {
                    Writable()[key] = value;
                    HasChanged = true;
                }
            }
        }

        /// <summary>Removes every value.</summary>
        public void Clear()
        {
            if (Current.Count > 0)
            {
                _changed = new Dictionary<string, string>(StringComparer.Ordinal);
                HasChanged = true;
            }
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Current.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>
        /// The values to save: this conversation's own dictionary, handed over (a later change, e.g. by a handler that
        /// kept the context, works on a fresh copy and does not reach what the store holds).
        /// </summary>
        internal WeChatConversationValues Snapshot()
        {
            var values = new WeChatConversationValues(_changed ?? WeChatConversationValues.Copy(_read, extra: 0));
            _changed = null;
            _read = values;
            return values;
        }

        private Dictionary<string, string> Writable() => _changed ??= WeChatConversationValues.Copy(_read, extra: 1);
    }
}
