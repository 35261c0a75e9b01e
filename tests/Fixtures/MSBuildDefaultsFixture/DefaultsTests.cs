using Xunit;

namespace MSBuildDefaultsFixture;

public sealed class DefaultsTests
{
    [Fact]
    public void Passes()
    {
    }
}
