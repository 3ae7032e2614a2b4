#include "diary/episode.hpp"

#include "diary/clock.hpp"

namespace diary {

date::year_month_day Episode::night() const { return clock::night_of(onset); }

}  // namespace diary
