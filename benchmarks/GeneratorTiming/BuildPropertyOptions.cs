using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>The global analyzer config MSBuild writes for CompilerVisibleProperty items; no per-file options.</summary>
    internal sealed class BuildPropertyOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new(new Dictionary<string, string>());
        private readonly Options _global;

        public BuildPropertyOptions(params (string Key, string Value)[] properties)
        {
            _global = new Options(properties.ToDictionary(p => p.Key, p => p.Value));
        }

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values)
            {
                _values = values;
            }

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
