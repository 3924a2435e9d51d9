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

        /// <summary>Values a store may keep as they are: these values themselves, or a copy of a dictionary a caller may still change.</summary>
        public static WeChatConversationValues Of(IReadOnlyDictionary<string, string> values) =>
            values as WeChatConversationValues ?? new WeChatConversationValues(Copy(values, extra: 0));

        /// <summary>A changeable copy with room for <paramref name="extra"/> more values.</summary>
        public static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> values, int extra)
        {
            if (values is WeChatConversationValues saved)
            {
                return saved.CopyValues();
            }

            var copy = new Dictionary<string, string>(values.Count + extra, StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in values)
            {
                copy[pair.Key] = pair.Value;
            }

            return copy;
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
