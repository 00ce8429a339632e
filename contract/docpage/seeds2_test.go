package docpage

func case002() pageCase {
	return pageCase{
		seed: "002", title: "Querying the Permission List", updated: "2024-05-13",
		method: "GET", path: "/v3/{domain_id}/ccaas/permissions", methodLine: 18,
		tables: []tableSum{
			{"Path Parameters", "path", 0, 20, names("domain_id")},
			{"Query Parameters", "query", 0, 42, names("limit marker id name description cloud_connection_id instance_id")},
			{"Request header parameters", "header", 0, 132, names("X-Auth-Token")},
			{"Response body parameters", "response", 200, 158, names("request_id page_info permissions")},
			{"PageInfo", "response", 200, 190, names("next_marker previous_marker current_count")},
			{"Permission", "response", 200, 228, names("id name description instance_id project_id region_id " +
				"created_at domain_id cloud_connection_id status instance_type instance_domain_id")},
		},
		full: map[string][]Param{
			"Path Parameters": params(in("domain_id", true, "String", 30, "Account ID.").bounds(10, 32)),
			"Query Parameters": params(
				in("limit", false, "Integer", 52, "Number of records on each page.\nValue range: 1 to 1000").
					bounds(1, 1000).def("1000"),
				in("marker", false, "String", 68, "Pagination query information. You can obtain the marker values "+
					"from the response of the last API call. You can enter the marker value of the previous page "+
					"or the next page. If you enter the marker value of the previous page, the previous page will "+
					"be queried. If you enter the marker value of the next page, the next page will be queried. "+
					"During pagination query, the query criteria, including the filters, sorting criteria, and "+
					"the limit value, cannot be modified.").bounds(1, 4096),
				in("id", false, "Array", 80, "Resource ID. Multiple IDs can be queried.").items(1, 20),
				in("name", false, "Array", 90, "Resource name. Multiple names can be queried.").items(1, 20),
				in("description", false, "Array", 100, "Description. Multiple descriptions can be queried.").items(1, 20),
				in("cloud_connection_id", false, "Array", 110, "Cloud connection IDs.").items(1, 20),
				in("instance_id", false, "Array", 120, "Network instance ID used to query authorizations.").items(1, 10)),
			"Request header parameters": params(in("X-Auth-Token", false, "String", 142, "User token.").bounds(0, 2000000)),
			"Response body parameters": params(
				out("request_id", "String", 166, "Resource ID.").bounds(32, 36),
				out("page_info", "PageInfo object", 176, "Pagination query information."),
				out("permissions", "Array of Permission objects", 182, "List of the authorized instances.").items(0, 2000)),
			"PageInfo": params(
				out("next_marker", "String", 198, "Backward pagination identifier.").bounds(1, 4096),
				out("previous_marker", "String", 208, "Forward pagination identifier.").bounds(1, 4096),
				out("current_count", "Integer", 218, "Number of the resources in the current list.").bounds(0, 2000)),
		},
		statuses: []Status{{200, "The permission list has been queried.", 364}},
		examples: []Example{
			{Kind: "request", Method: "GET", URL: "https://{cc_endpoint}/v3/{domain_id}/ccaas/permissions",
				Title: "Querying the permission list", TitleLine: 326, Line: 328},
			{Kind: "response", Status: 200, Title: "The permission list has been queried.", TitleLine: 334,
				Body: body002Response, Line: 332, BodyLine: 336},
		},
	}
}

func case003() pageCase {
	return pageCase{
		seed:   "003",
		title:  "API authorization operations (authorization/authorization cancellation/application/renewal)",
		method: "POST", path: "/v1/{project_id}/service/apis/authorize/action", methodLine: 24,
		sdk: "AuthorizeActionApiToInstance",
		tables: []tableSum{
			{"Path Parameters", "path", 0, 25, names("project_id")},
			{"Request header parameters", "header", 0, 35, names("X-Auth-Token workspace Dlm-Type Content-Type")},
			{"Request body parameters", "body", 0, 56, names("api_id instance_id app_id apply_type time")},
			{"Response body parameters", "response", 400, 84, names("error_code error_msg")},
		},
		full: map[string][]Param{
			"Path Parameters": params(in("project_id", true, "String", 30,
				"Project ID. For details about how to obtain the project ID, see Project ID and Account ID.")),
			"Request body parameters": params(
				in("api_id", false, "String", 61, "API ID"),
				in("instance_id", false, "String", 65, "Cluster ID"),
				in("app_id", false, "String", 69, "App ID"),
				in("apply_type", false, "String", 73, "Application type").enum(),
				in("time", false, "String", 78, "End time.")),
			"Response body parameters": params(
				out("error_code", "String", 88, "Error code."),
				out("error_msg", "String", 91, "Error message.")),
		},
		statuses: []Status{{204, "The API operation is successful.", 115}, {400, "Bad request", 117}},
		examples: []Example{
			{Kind: "request", URL: "/v1/0833a5737480d53b2f250010d01a7b88/service/apis/authorize/action",
				Title: "Authorize an API to an app./Cancel API authorization (by the API reviewer)./" +
					"Cancel API authorization (by the app owner)./Apply for authorization./Renew the validity period.",
				TitleLine: 95, Body: body003Request, Line: 96, BodyLine: 96},
			{Kind: "response", Line: 98},
		},
		warnings: []Warning{{73, `row "apply_type": "Enumerated values:" lists no values`}},
	}
}

func case004() pageCase {
	const long = 9223372036854775807
	return pageCase{
		seed: "004", title: "Confirming an Authorization",
		method: "PUT", path: "/v2/servicerequest/authorizations/{authorization_id}", methodLine: 5,
		tables: []tableSum{
			{"Path Parameters", "path", 0, 6, names("authorization_id")},
			{"Request header parameters", "header", 0, 10, names("X-Auth-Token X-Language X-Time-Zone")},
			{"Request body parameters", "body", 0, 15,
				names("auth_detail_list auth_effective_time auth_expire_time group_id agency_id")},
			{"TenantAgreeAuthDetailV2", "body", 0, 22, names("port account password auth_detail_id")},
			{"Response body parameters", "response", 200, 30, names("error_code error_msg")},
		},
		full: map[string][]Param{
			"Path Parameters": params(
				in("authorization_id", true, "String", 8, "Specifies the authorization ID.").bounds(1, 32)),
			"Request body parameters": params(
				in("auth_detail_list", false, "Array of TenantAgreeAuthDetailV2 objects", 17,
					"Specifies the authorization details list.").items(0, 6),
				in("auth_effective_time", false, "Long", 18, "Specifies the authorization start time.").bounds(0, long),
				in("auth_expire_time", false, "Long", 19, "Specifies the authorization expiration time.").bounds(0, long),
				in("group_id", false, "String", 20, "Specifies the group ID used by Huawei Cloud IAM. "+
					"This ID is mandatory for operations on other service tickets in the same group.").bounds(0, 64),
				in("agency_id", false, "String", 21, "Specifies the agency ID.").bounds(0, 64)),
			"TenantAgreeAuthDetailV2": params(
				in("port", false, "Integer", 24, "Specifies the port.").bounds(1, 65535),
				in("account", false, "String", 25, "Specifies the account.").bounds(0, 64),
				in("password", false, "String", 26, "Specifies the password.").bounds(0, 10240),
				in("auth_detail_id", true, "Long", 27, "Specifies the authorization detail ID.").bounds(-long-1, long)),
			"Response body parameters": params(
				out("error_code", "String", 32, "Specifies the error code.").bounds(0, 32),
				out("error_msg", "String", 33, "Describes the error.").bounds(0, 32)),
		},
		statuses: []Status{{200, "Code 200 is returned if the operation is successful.", 69}},
		examples: []Example{
			{Kind: "request", Method: "PUT",
				URL:  "https://{endpoint}/v2/servicerequest/authorizations/Auth-123456?group_id=123",
				Body: body004Request, Line: 35, BodyLine: 36},
			{Kind: "response", Status: 200, Title: "Code 200 is returned if the operation is successful.", TitleLine: 49,
				Body: body004Response, Line: 48, BodyLine: 50},
		},
	}
}
