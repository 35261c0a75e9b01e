namespace QaBench.Scoring;

/// <summary>The exact-match grade of one answer.</summary>
/// <param name="Answer">The model's answer as it wrote it.</param>
/// <param name="Matched">Whether its normal form equals that of a reference answer.</param>
/// <param name="MatchedReference">The reference it matched, or <see langword="null"/>.</param>
public sealed record ExactMatchGrade(string Answer, bool Matched, string? MatchedReference);
