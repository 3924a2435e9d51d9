using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>
    /// An AdditionalFile backed by a file on disk, read on the first <see cref="GetText"/> and kept, as csc's own
    /// AdditionalTextFile does; the read is part of the generator's time, as in a real build.
    /// </summary>
    internal sealed class SpecFileText : AdditionalText
    {
        private SourceText? _text;

        public SpecFileText(string path)
        {
            Path = path;
        }

        /// <summary>An in-memory text for a path, used for the edited version of a spec file.</summary>
        public SpecFileText(string path, SourceText text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            if (_text is null)
            {
                Interlocked.CompareExchange(ref _text, RuntimeBuild.ReadFile(Path), null);
            }

            return _text;
        }
    }
}
