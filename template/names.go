package template

// EditionName is how messages name an edition: 2021年版格式.
func EditionName(id string) string { return id + "年版格式" }

// EditionIDs lists the ids of the known editions, oldest first.
func EditionIDs() []string {
	var ids []string
	for _, e := range Editions() {
		ids = append(ids, e.ID)
	}
	return ids
}
