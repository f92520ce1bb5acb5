// Each test class boots its own guest with 2 vCPUs under TCG; on a 2-core machine guests booting side by side only
// slow each other towards their timeouts, so VM test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
