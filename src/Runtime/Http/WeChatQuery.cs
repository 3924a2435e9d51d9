using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>Query-string parameters of one call, in order.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class WeChatQuery
    {
        private readonly List<KeyValuePair<string, string>> _values = new();

        /// <summary>The parameters added so far.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Values => _values;

        /// <summary>Adds a text parameter.</summary>
        public void Add(string name, string value) => _values.Add(new(name, value ?? throw new ArgumentNullException(name)));

        /// <summary>Adds a number parameter.</summary>
        public void Add(string name, long value) => _values.Add(new(name, value.ToString(CultureInfo.InvariantCulture)));

        /// <summary>Adds a number parameter.</summary>
        public void Add(string name, int value) => Add(name, (long)value);

        /// <summary>Adds a number parameter.</summary>
        public void Add(string name, double value) => _values.Add(new(name, value.ToString("R", CultureInfo.InvariantCulture)));

        /// <summary>Adds a flag as 1/0.</summary>
        public void Add(string name, bool value) => _values.Add(new(name, value ? "1" : "0"));

        /// <summary>Adds a parameter whose value the client fills from its options when it sends the call.</summary>
        public void AddCredential(string name, WeChatCredential credential) => _values.Add(new(name, credential == WeChatCredential.AppId ? AppIdMarker : AppSecretMarker));

        internal const string AppIdMarker = "\u0001appid";
        internal const string AppSecretMarker = "\u0001secret";

        /// <summary>Appends the parameters to a path (which may already hold a query).</summary>
        public string AppendTo(string path)
        {
            if (_values.Count == 0)
            {
                return path;
            }

            var builder = new StringBuilder(path);
            char separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (KeyValuePair<string, string> pair in _values)
            {
                builder.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
                separator = '&';
            }

            return builder.ToString();
        }
    }
}
