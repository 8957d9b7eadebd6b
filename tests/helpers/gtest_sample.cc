// A small GoogleTest binary for the --split=gtest scenarios
// (t_gtest_split.sh builds it with g++ and libgtest-dev).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>
#include <unistd.h>

// Each case that runs leaves a line in $GTEST_SAMPLE_LOG: "SUITE WORKER",
// its suite as gtest names it ("Typed/0", "Small/Sizes"), first thing.
// For t_gtest_batch.sh, the case $GTEST_SAMPLE_ABORT names ("Suite.Name")
// aborts, $GTEST_SAMPLE_HANG's hangs, $GTEST_SAMPLE_SLOW's takes 300 ms
// and $GTEST_SAMPLE_NOISY's prints 2,000 lines.  With $GTEST_SAMPLE_EXIT
// set, a process that ran a case exits with that status after its last
// one, as a failed global tear-down would.  For t_gtest_ids.sh, each case
// that runs leaves a line in $GTEST_SAMPLE_ARGS_LOG, "Suite.Name ARGS"
// (its process's arguments, but --gtest_filter, --gtest_brief and
// --gtest_print_time), and the case an argument --sample-fail=Suite.Name
// names fails.  For t_ctest_split.sh, each case that runs appends its
// name to $GTEST_SAMPLE_DONE as the last thing it does here (after a slow
// case's wait).
static bool ran;

static void exit_at_end()
{
	const char *code = std::getenv("GTEST_SAMPLE_EXIT");

	if (ran && code) {
		std::printf("global tear-down failed\n");
		std::fflush(stdout);
		_exit(std::atoi(code));
	}
}

static const int exit_hook = std::atexit(exit_at_end);

// The process's arguments after its name, but the flags a batch adds
// (as gtest kept them: the process's title may have been rewritten).
static std::string own_args()
{
	std::vector<std::string> argv = testing::internal::GetArgvs();
	std::string args;

	for (size_t i = 1; i < argv.size(); i++)
		if (argv[i].rfind("--gtest_filter=", 0) != 0 &&
		    argv[i].rfind("--gtest_brief=", 0) != 0 &&
		    argv[i].rfind("--gtest_print_time=", 0) != 0)
			args += (args.empty() ? "" : " ") + argv[i];
	return args;
}

static void note()
{
	ran = true;
	const char *log = std::getenv("GTEST_SAMPLE_LOG");
	const char *worker = std::getenv("PYTEST_XDIST_WORKER");
	const testing::TestInfo *ti =
		testing::UnitTest::GetInstance()->current_test_info();
	std::string name =
		std::string(ti->test_suite_name()) + "." + ti->name();
	const char *abort_in = std::getenv("GTEST_SAMPLE_ABORT");
	const char *hang_in = std::getenv("GTEST_SAMPLE_HANG");
	const char *slow_in = std::getenv("GTEST_SAMPLE_SLOW");
	const char *noisy_in = std::getenv("GTEST_SAMPLE_NOISY");
	const char *args_log = std::getenv("GTEST_SAMPLE_ARGS_LOG");
	std::string args = own_args();

	if (args_log)
		std::ofstream(args_log, std::ios::app)
			<< name << " " << args << "\n";
	if (args.find("--sample-fail=" + name) != std::string::npos)
		ADD_FAILURE() << "failed as asked";
	if (log)
		std::ofstream(log, std::ios::app)
			<< ti->test_suite_name() << " "
			<< (worker ? worker : "-") << "\n";
	if (abort_in && name == abort_in)
		std::abort();
	while (hang_in && name == hang_in)
		pause();
	if (slow_in && name == slow_in)
		usleep(300000);
	for (int i = 0; noisy_in && name == noisy_in && i < 2000; i++)
		std::printf("noise line %d of %s\n", i, noisy_in);
	if (const char *done = std::getenv("GTEST_SAMPLE_DONE"))
		std::ofstream(done, std::ios::app) << name << "\n";
}

TEST(Parser, EmptyInput) { note(); EXPECT_EQ(0, 0); }
TEST(Parser, Nested) { note(); EXPECT_TRUE(true); }
TEST(Parser, Deep) { note(); SUCCEED(); }
TEST(Math, Adds) { note(); EXPECT_EQ(2 + 2, 4); }
TEST(Math, Broken)
{
	note();
	int four = 5;
	EXPECT_EQ(four, 4) << "arithmetic is off";
}
TEST(Math, NeedsNetwork)
{
	note();
	GTEST_SKIP() << "no network here";
}
TEST(Math, DISABLED_Slow) { note(); }

class Sizes : public testing::TestWithParam<int> {};
TEST_P(Sizes, Positive) { note(); EXPECT_GT(GetParam(), 0); }
INSTANTIATE_TEST_SUITE_P(Small, Sizes, testing::Values(1, 2));

template <typename T> class Typed : public testing::Test {};
using Types = testing::Types<int, char>;
TYPED_TEST_SUITE(Typed, Types);
TYPED_TEST(Typed, Zero) { note(); EXPECT_EQ(TypeParam(0), 0); }
