using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class CanonicalRequestTests
{
    [Fact]
    public void Row_18_path_is_decoded_as_a_whole_and_each_segment_reencoded()
    {
        var row = Fixtures.Row(18);
        var request = row.ToRequest();

        // %2F decodes to a separator, so "IM 1" and "2~x(é)+&=?" become two segments; '~' stays literal.
        Assert.Equal("/v1/external/incident/IM%201%2F2~x%28%C3%A9%29%2B%26%3D%3F", request.RawPath);
        Assert.Equal("/v1/external/incident/IM%201/2~x%28%C3%A9%29%2B%26%3D%3F/", CanonicalRequest.CanonicalUri(request.RawPath));
    }

    [Fact]
    public void Row_23_query_is_sorted_by_name_then_value_and_reencoded()
    {
        var row = Fixtures.Row(23);

        Assert.Equal(
            "alpha=x%2By%2Fz~%C3%A9&flag=true&limit=10&multi=a&multi=b&multi=c&zeta=a%20b",
            CanonicalRequest.CanonicalQuery(row.ToRequest().RawQuery));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/v1/tickets", "/v1/tickets/")]
    [InlineData("/v1/tickets/", "/v1/tickets/")]
    [InlineData("/a%c3%a9", "/a%C3%A9/")]
    [InlineData("/%7Ex%41-_.", "/~xA-_./")]
    [InlineData("/a+b c", "/a%2Bb%20c/")]
    [InlineData("/é", "/%C3%A9/")]
    [InlineData("/100%/%zz", "/100%25/%25zz/")]
    public void Canonical_uri_rules(string rawPath, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(rawPath));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("a=x+y", "a=x%2By")]
    [InlineData("key", "key=")]
    [InlineData("key=", "key=")]
    [InlineData("b=2&&a=1&", "a=1&b=2")]
    [InlineData("m=c&m=a&m=b", "m=a&m=b&m=c")]
    [InlineData("z=%7e&a%20b=%2f", "a%20b=%2F&z=~")]
    [InlineData("ab=1&a=2&B=3", "B=3&a=2&ab=1")]
    [InlineData("a=1=2", "a=1%3D2")]
    public void Canonical_query_rules(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.CanonicalQuery(rawQuery));
    }

    [Fact]
    public void Query_sorts_by_code_point_not_utf16_unit()
    {
        // U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80) by code point, after it by UTF-16 unit.
        Assert.Equal("k=%EF%BD%9E&k=%F0%9F%98%80", CanonicalRequest.CanonicalQuery("k=%F0%9F%98%80&k=%EF%BD%9E"));
    }

    [Fact]
    public void Canonical_headers_are_lower_case_and_trimmed_one_per_line()
    {
        var request = new SignatureRequest("get", "/", "", [new("Host", " h "), new("X-Sdk-Date", "d\t")], default);

        Assert.Equal("host:h\nx-sdk-date:d\n", CanonicalRequest.CanonicalHeaders(request, ["host", "x-sdk-date"]));
        Assert.Equal("GET", CanonicalRequest.Create(request, ["host"], PayloadHash.EmptySha256).Method);
    }

    [Fact]
    public void Repeated_headers_are_joined_with_commas()
    {
        var request = new SignatureRequest("GET", "/", "", [new("X-A", "1"), new("x-a", "2")], default);

        Assert.Equal("1,2", request.Header("X-A"));
    }
}
