using Coc.Core.Errors;

namespace Coc.Core.Tickets.V2.Filters;

/// <summary>
/// <c>expr := term ('|' term)*</c>, <c>term := factor ('&amp;' factor)*</c>, <c>factor := NAME | '(' expr ')'</c>,
/// <c>NAME := [A-Za-z0-9_.-]+</c>; whitespace is free, nesting at most 32 (v2.md, Filters).
/// </summary>
public sealed class ConditionParser
{
    public const int MaxNesting = 32;

    private readonly string _text;
    private readonly IReadOnlyDictionary<string, Filter> _named;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private int _at;

    private ConditionParser(string text, IReadOnlyDictionary<string, Filter> named)
    {
        _text = text;
        _named = named;
    }

    public static (Condition Tree, IReadOnlySet<string> Used) Parse(string text, IReadOnlyDictionary<string, Filter> named)
    {
        var parser = new ConditionParser(text, named);
        var tree = parser.Expression(0);
        parser.SkipBlanks();
        if (parser._at < text.Length) throw parser.Error($"unexpected '{text[parser._at]}'");
        return (tree, parser._used);
    }

    private Condition Expression(int depth)
    {
        var parts = new List<Condition> { Term(depth) };
        while (Accept('|')) parts.Add(Term(depth));
        return parts.Count == 1 ? parts[0] : new AnyOf(parts);
    }

    private Condition Term(int depth)
    {
        var parts = new List<Condition> { Factor(depth) };
        while (Accept('&')) parts.Add(Factor(depth));
        return parts.Count == 1 ? parts[0] : new AllOf(parts);
    }

    private Condition Factor(int depth)
    {
        if (Accept('('))
        {
            if (depth >= MaxNesting) throw Error($"nesting deeper than {MaxNesting}");
            var inner = Expression(depth + 1);
            return Accept(')') ? inner : throw Error("a ')' is missing");
        }
        SkipBlanks();
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '_' or '.' or '-')) _at++;
        if (_at == start) throw Error(_at < _text.Length ? $"unexpected '{_text[_at]}'" : "a filter name is missing at the end");
        var name = _text[start.._at];
        if (!_named.TryGetValue(name, out var filter)) throw Error($"no filter is named {name}");
        _used.Add(name);
        return new Match(filter);
    }

    private bool Accept(char c)
    {
        SkipBlanks();
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void SkipBlanks()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
    }

    private CocException Error(string what) => CocErrors.Invalid($"condition is invalid at position {_at}: {what}");
}
