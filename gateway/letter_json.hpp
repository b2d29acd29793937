#pragma once
// The views of 预警函 / 提醒函 (actors/domain/risk_letter.hpp): JSON for the API, and the
// printable HTML page of one letter (A4 print CSS; every value HTML-escaped).

#include <string>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/risk_letter.hpp"
#include "actors/letter_protocol.hpp"
#include "config/city_model.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

void write_letter(json_writer& w, const domain::risk_letter& l);
// {"items": [letter…], "next_cursor": "…" | null}
void write_letter_list(json_writer& w, const letter_list& list);

// The letter as a page to print. `cases` holds the attached cases that could be read (in
// any order); an attached case missing from it is listed by id alone. Category names come
// from `city`.
std::string letter_html(const domain::risk_letter& l, const std::vector<domain::case_record>& cases,
                        const config::city_model& city);

}  // namespace cityops::gateway
