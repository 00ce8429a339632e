package docpage

// Example bodies exactly as published on the seed pages.
const (
	// 000, lines 462-471.
	body000Request = `{
  "authorisation" : {
    "region_id" : "region_id",
    "instance_id" : "XXX",
    "instance_type" : "vpc",
    "cloud_connection_domain_id" : "XXX",
    "cloud_connection_id" : "XXX",
    "project_id" : "XXX"
  }
}`
	// 000, lines 479-497.
	body000Response = `{
  "request_id" : "6a1865ef10104295db6e3b641284b3ed",
  "authorisation" : {
    "id" : "XXX",
    "name" : "",
    "description" : "",
    "domain_id" : "XXX",
    "created_at" : "2023-09-20T08:03:51Z",
    "updated_at" : "2022-09-20T08:03:51Z",
    "project_id" : "XXX",
    "region_id" : "region_id",
    "instance_type" : "vpc",
    "instance_id" : "XXX",
    "cloud_connection_domain_id" : "XXX",
    "cloud_connection_id" : "XXX",
    "status" : "authorized",
    "is_loaded_by_cloud_connection" : false
  }
}`
	// 001, lines 286-308.
	body001Response = `{
  "request_id" : "bce57c774ed47dd828963e5ec3a0b06d",
  "authorisations" : [ {
    "id" : "XXX",
    "name" : "",
    "description" : "",
    "domain_id" : "XXX",
    "created_at" : "2023-09-20T08:03:51Z",
    "updated_at" : "2023-09-20T08:03:51Z",
    "project_id" : "XXX",
    "region_id" : "region_id",
    "instance_type" : "vpc",
    "instance_id" : "XXX",
    "cloud_connection_domain_id" : "XXX",
    "cloud_connection_id" : "XXX",
    "status" : "authorized",
    "is_loaded_by_cloud_connection" : true
  } ],
  "page_info" : {
    "previous_marker" : "XXX",
    "current_count" : 1
  }
}`
	// 002, lines 336-356.
	body002Response = `{
  "request_id" : "bce57c774ed47dd828963e5ec3a0b06d",
  "permissions" : [ {
    "id" : "XXX",
    "name" : "",
    "description" : "",
    "domain_id" : "XXX",
    "created_at" : "2023-09-20T08:03:51Z",
    "project_id" : "XXX",
    "region_id" : "region_id",
    "instance_type" : "vpc",
    "instance_id" : "XXX",
    "instance_domain_id" : "XXX",
    "cloud_connection_id" : "XXX",
    "status" : "authorized"
  } ],
  "page_info" : {
    "previous_marker" : "XXX",
    "current_count" : 1
  }
}`
	// 003, line 96, after the URL on the same line.
	body003Request = `{ "api_id" : "47046fe7830c1be77cb0dc23bd86afa5", "instance_id" : "21398ikjdsjd9087122d4e", "app_id" : "908489209a320df61607355c57c82882", "apply_type" : "APPLY_TYPE_AUTHORIZE", "time" : "2021-01-01T10:00:00.000Z" }`
	// 004, lines 36-47, up to the "}" that "Response Example" follows.
	body004Request = `{
"auth_detail_list" : [ {
"auth_detail_id" : 123,
"port" : 80,
"account" : "test",
"password" : "test"
} ],
"auth_effective_time" : 123,
"auth_expire_time" : 123,
"group_id" : "test",
"agency_id" : "test"
}`
	// 004, lines 50-66, up to the "}" that "Status Codes" follows.
	body004Response = `{
"auth_detail_list" : [ {
"account" : "root",
"auth_detail_id" : 123,
"password" : "123456",
"port" : 22
}, {
"account" : "root",
"auth_detail_id" : 123,
"password" : 123456,
"port" : 1234
} ],
"auth_effective_time" : 1592795931000,
"auth_expire_time" : 1592795931000,
"group_id" : "123456",
"agency_id" : "123456"
}`
)
