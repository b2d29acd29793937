#pragma once
// The duplicate detector's rules as the evaluation builds them from the [intake.duplicates]
// settings: radius and score thresholds as they are, hours turned into milliseconds (the
// default window and each per-category window), the related pairs as they are; the score
// weights keep duplicate_rules' defaults, which the settings do not name. Pure.

#include "actors/domain/duplicate_detector.hpp"
#include "config/intake_settings.hpp"

namespace cityops::eval {

domain::duplicate_rules duplicate_rules_from_settings(const config::duplicate_settings& s);

}  // namespace cityops::eval
