using System.Reflection;
using Microsoft.CodeAnalysis;

namespace WeChat.OfficialAccount.GeneratorTiming
{
    /// <summary>Loads the framework's and packages' generator assemblies into this process, next to the compiler already loaded.</summary>
    internal sealed class AnalyzerAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public static readonly AnalyzerAssemblyLoader Instance = new();

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
