// A constraint step the server refuses over the graph's data: the hint names the label (or type)
// and property, carries a query that lists the offending values, and says the ways on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/constraint_conflicts.hpp"

namespace crochet::migration {
namespace {

using ::testing::HasSubstr;

Operation step(OpKind kind, const char* target_key, const char* target, const char* property) {
  return {kind, {{"name", "c"}, {target_key, target}, {"property", property}}};
}

TEST(ConstraintConflicts, UniqueNodePropertyListsTheDuplicates) {
  const Operation unique = step(OpKind::add_unique_constraint, "label", "Person", "email");
  EXPECT_EQ(constraint_conflicts_query(unique),
            "MATCH (n:`Person`) WHERE n.`email` IS NOT NULL WITH n.`email` AS value, count(*) AS "
            "c WHERE c > 1 RETURN value, c ORDER BY c DESC LIMIT 20");
  const std::string hint = constraint_conflicts_hint(unique).value();
  EXPECT_THAT(hint, HasSubstr("nodes labelled `Person` share values of `email`, so it cannot be "
                              "unique; list the duplicates with:\n  " +
                              *constraint_conflicts_query(unique) + "\n"));
  EXPECT_THAT(hint, HasSubstr("remove the duplicates with a data step (a cypher step) before "
                              "this one in the same migration"));
  EXPECT_THAT(hint, HasSubstr("or drop the uniqueness (unique_index=True in the model"));
  EXPECT_THAT(hint, HasSubstr("it resumes at this step"));
}

TEST(ConstraintConflicts, UniqueRelationshipPropertyListsTheDuplicates) {
  const Operation unique = step(OpKind::add_unique_constraint, "rel_type", "KNOWS", "since");
  EXPECT_EQ(constraint_conflicts_query(unique),
            "MATCH ()-[r:`KNOWS`]->() WHERE r.`since` IS NOT NULL WITH r.`since` AS value, "
            "count(*) AS c WHERE c > 1 RETURN value, c ORDER BY c DESC LIMIT 20");
  EXPECT_THAT(constraint_conflicts_hint(unique).value(),
              HasSubstr("relationships of type `KNOWS` share values of `since`"));
}

TEST(ConstraintConflicts, ExistenceCountsWhatLacksTheProperty) {
  const Operation node = step(OpKind::add_existence_constraint, "label", "Person", "email");
  EXPECT_EQ(constraint_conflicts_query(node),
            "MATCH (n:`Person`) WHERE n.`email` IS NULL RETURN count(*) AS missing");
  const std::string hint = constraint_conflicts_hint(node).value();
  EXPECT_THAT(hint, HasSubstr("some nodes labelled `Person` have no `email`"));
  EXPECT_THAT(hint, HasSubstr("add_node_property with a value"));
  const Operation relationship =
      step(OpKind::add_existence_constraint, "rel_type", "KNOWS", "since");
  EXPECT_EQ(constraint_conflicts_query(relationship),
            "MATCH ()-[r:`KNOWS`]->() WHERE r.`since` IS NULL RETURN count(*) AS missing");
  EXPECT_THAT(constraint_conflicts_hint(relationship).value(),
              HasSubstr("add_relationship_property with a value"));
}

TEST(ConstraintConflicts, NamesAreQuotedAsTheRendererQuotesThem) {
  const Operation unique = step(OpKind::add_unique_constraint, "label", "We`ird", "e mail");
  EXPECT_THAT(constraint_conflicts_query(unique).value(),
              HasSubstr("MATCH (n:`We``ird`) WHERE n.`e mail` IS NOT NULL"));
}

TEST(ConstraintConflicts, OtherStepsHaveNone) {
  for (OpKind kind :
       {OpKind::add_index, OpKind::drop_unique_constraint, OpKind::drop_existence_constraint}) {
    const Operation other = step(kind, "label", "Person", "email");
    EXPECT_FALSE(constraint_conflicts_query(other).has_value()) << to_string(kind);
    EXPECT_FALSE(constraint_conflicts_hint(other).has_value()) << to_string(kind);
  }
}

} // namespace
} // namespace crochet::migration
