// One test at a time: the tool test runs the README demo, whose ranking needs a host no other test is loading (the
// image and library tests build and run containers).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
