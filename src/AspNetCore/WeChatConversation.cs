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
    public sealed class WeChatConversation : IEnumerable<KeyValuePair<string, string>>
    {
        private readonly Dictionary<string, string> _values;

        internal WeChatConversation(IReadOnlyDictionary<string, string>? values)
        {
            _values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (values is not null)
            {
                foreach (KeyValuePair<string, string> pair in values)
                {
                    _values[pair.Key] = pair.Value;
                }
            }
        }

        /// <summary>Whether anything was set or removed since it was read.</summary>
        public bool HasChanged { get; private set; }

        /// <summary>How many values it holds.</summary>
        public int Count => _values.Count;

        /// <summary>Gets or sets a value; reading a missing key gives null.</summary>
        public string? this[string key]
        {
            get => _values.TryGetValue(key, out string? value) ? value : null;
            set
            {
                if (value is null)
                {
                    HasChanged |= _values.Remove(key);
                }
                else if (!_values.TryGetValue(key, out string? current) || current != value)
                {
                    _values[key] = value;
                    HasChanged = true;
                }
            }
        }

        /// <summary>Removes every value.</summary>
        public void Clear()
        {
            HasChanged |= _values.Count > 0;
            _values.Clear();
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(_values, StringComparer.Ordinal);
    }
}
