// Keeps the library non-empty until the session store lands; delete then.
namespace mlide::training { void placeholderTraining() {} }
