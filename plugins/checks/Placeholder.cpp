// Keeps the library non-empty until the first rule lands; delete then.
namespace mlide::checks { void placeholderChecks() {} }
