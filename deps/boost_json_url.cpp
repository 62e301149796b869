// Boost.JSON and Boost.URL compiled from their headers, once, with this build's
// standard library: only with TRAKT_MCP_BOOST_FROM_HEADERS (the libcxx preset),
// where linking the distribution's libstdc++-built libboost_json/libboost_url
// would mix two C++ standard libraries in one program.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
