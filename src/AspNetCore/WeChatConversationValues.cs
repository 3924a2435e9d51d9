using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// A conversation's saved values: a dictionary nobody changes any more, so a store may keep it as it is instead of
    /// copying it (<see cref="State.InMemoryWeChatConversationStore"/> does).
    /// </summary>
    internal sealed class WeChatConversationValues : IReadOnlyDictionary<string, string>
    {
        private readonly Dictionary<string, string> _values;

        public WeChatConversationValues(Dictionary<string, string> values)
        {
            _values = values;
        }

        public int Count => _values.Count;

        /// <summary>A changeable copy (the dictionary-to-dictionary copy, without enumerating through the interface).</summary>
        public Dictionary<string, string> CopyValues() => new(_values, StringComparer.Ordinal);

        public IEnumerable<string> Keys => _values.Keys;

        public IEnumerable<string> Values => _values.Values;

        public string this[string key] => _values[key];

        public bool ContainsKey(string key) => _values.ContainsKey(key);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _values.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
