using RunnerHarness.Schema;

namespace RunnerHarness.Xunit;

// The listed axes of [ModelMatrix] (Models, PromptTypes, ...: one array per axis of MatrixDefinition.ListedAxes) are
// generated from the record's axis declarations, so a new axis becomes a named argument of the attribute with no edit here.
[RecordAxisMembers(RecordAxisMemberShape.MatrixArrays)]
public sealed partial class ModelMatrixAttribute;
