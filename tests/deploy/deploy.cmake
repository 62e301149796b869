# The deployment files in deploy/ that a test of their own can check: the
# systemd unit through systemd's parser (the HAProxy configuration is checked
# and run by tests/hosted).
add_test(NAME deploy.systemd_unit
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/check_systemd_unit.sh ${PROJECT_SOURCE_DIR}/deploy/systemd/trakt-mcp.service
          $<TARGET_FILE:trakt-mcp> ${CMAKE_CURRENT_BINARY_DIR}/deploy)
set_tests_properties(deploy.systemd_unit PROPERTIES LABELS deploy TIMEOUT 60)
