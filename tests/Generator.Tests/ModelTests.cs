using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator.Tests
{
    public sealed class ModelTests
    {
        private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(AdditionalText), typeof(Compilation), typeof(Diagnostic), typeof(SyntaxTree) };

        [Fact]
        public void Model_graph_holds_no_symbol_syntax_location_text_or_compilation()
        {
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>(new[] { typeof(SpecFile), typeof(LinkedSpecs) });
            while (pending.Count > 0)
            {
                Type type = pending.Pop();
                if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
                {
                    continue;
                }

                Assert.DoesNotContain(Forbidden, f => f.IsAssignableFrom(type));
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    Type fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
                    pending.Push(fieldType);
                    foreach (Type argument in fieldType.IsGenericType ? fieldType.GetGenericArguments() : Type.EmptyTypes)
                    {
                        pending.Push(argument);
                    }
                }
            }

            Assert.Contains(typeof(FieldSpec), seen);
            Assert.Contains(typeof(SpecLocation), seen);
        }

        [Fact]
        public void Parsing_the_same_text_twice_gives_equal_models_and_hashes()
        {
            string text = GeneratorHarness.Read("small.wechat.json");

            SpecFile first = SpecParser.Parse("a.wechat.json", text, CancellationToken.None);
            SpecFile second = SpecParser.Parse("a.wechat.json", text, CancellationToken.None);
            SpecFile edited = SpecParser.Parse("a.wechat.json", text.Replace("Locker key.", "Locker key!"), CancellationToken.None);

            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.NotEqual(first, edited);
        }

        [Fact]
        public void Equatable_array_compares_by_content()
        {
            var a = new EquatableArray<string>(new[] { "x", "y" });
            var b = new EquatableArray<string>(new List<string> { "x", "y" });

            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.NotEqual(a, new EquatableArray<string>(new[] { "y", "x" }));
        }

        [Theory]
        [InlineData("")]
        [InlineData("null")]
        [InlineData("[]")]
        [InlineData("{\"kind\": 5}")]
        [InlineData("{\"kind\":\"events\",\"namespace\":\"A\",\"types\":[{\"fields\":[{}]}]}")]
        [InlineData("{\"kind\":\"events\",\"namespace\":\"A\",\"types\":[1, {\"name\":\"X\",\"event\":\"\",\"doc\":\"d\",\"fields\":{}}]}")]
        [InlineData("{\"a\":\"\\u12\"}")]
        public void Garbage_never_throws(string text)
        {
            SpecFile file = SpecParser.Parse("g.wechat.json", text, CancellationToken.None);

            Assert.NotEmpty(file.Diagnostics);
            Assert.Empty(file.Types);
        }
    }
}
