-- Paging everywhere a list can grow (issue 15): an agency's public catalogue
-- (主动公开目录) is filtered and paged in the database, newest publication
-- first after a (published_on, id) key, so what it filters on is a column
-- beside the snapshot: the 第二十条 item, the top-level topic (一级主题分类)
-- and the kind of validity (有效性), each as its code. The year filter is a
-- range of published_on. Existing rows are filled from their snapshots.
ALTER TABLE catalogue_items ADD COLUMN article20 TEXT;
ALTER TABLE catalogue_items ADD COLUMN top_topic TEXT;
ALTER TABLE catalogue_items ADD COLUMN validity TEXT NOT NULL DEFAULT 'in_force';
--sqlite|UPDATE catalogue_items SET
--sqlite|    article20 = json_extract(snapshot, '$.metadata.article20'),
--sqlite|    validity = COALESCE(json_extract(snapshot, '$.validity.kind'), 'in_force');
--pg|UPDATE catalogue_items SET
--pg|    article20 = snapshot->'metadata'->>'article20',
--pg|    validity = COALESCE(snapshot->'validity'->>'kind', 'in_force');
-- The snapshot holds the topic as written, `综合政务\政务公开`: its top level
-- is the text before the first backslash, stored as the label's code.
UPDATE catalogue_items SET top_topic = CASE
--sqlite|    substr(json_extract(snapshot, '$.metadata.topic') || '\', 1,
--sqlite|        instr(json_extract(snapshot, '$.metadata.topic') || '\', '\') - 1)
--pg|    split_part(snapshot->'metadata'->>'topic', chr(92), 1)
    WHEN '综合政务' THEN 'general'
    WHEN '国民经济管理、国有资产监管' THEN 'economy'
    WHEN '财政、金融、审计' THEN 'finance'
    WHEN '国土资源、能源' THEN 'land_energy'
    WHEN '农业、林业、水利' THEN 'agriculture'
    WHEN '工业、交通' THEN 'industry_transport'
    WHEN '商贸、海关、旅游' THEN 'commerce_customs_tourism'
    WHEN '市场监管、安全生产监管' THEN 'market_safety'
    WHEN '城乡建设、环境保护' THEN 'construction_environment'
    WHEN '科技、教育' THEN 'science_education'
    WHEN '文化、广电、新闻出版' THEN 'culture_media'
    WHEN '卫生、体育' THEN 'health_sports'
    WHEN '人口与计划生育、妇女儿童工作' THEN 'population_family'
    WHEN '劳动、人事、监察' THEN 'labour_personnel'
    WHEN '公安、安全、司法' THEN 'public_security_justice'
    WHEN '民政、扶贫、救灾' THEN 'civil_affairs'
    WHEN '民族、宗教' THEN 'ethnic_religious'
    WHEN '对外事务' THEN 'foreign_affairs'
    WHEN '港澳台侨工作' THEN 'hong_kong_macao_taiwan'
    WHEN '国防' THEN 'defence'
    WHEN '其他' THEN 'other'
END;
-- One index per filter, each ending in the catalogue's order, so that a
-- filtered page reads its rows in order from the index; the unfiltered and
-- the year-filtered catalogue read catalogue_items_agency_published (0012).
CREATE INDEX catalogue_items_article20 ON catalogue_items(agency_id, article20, published_on);
CREATE INDEX catalogue_items_topic ON catalogue_items(agency_id, top_topic, published_on);
CREATE INDEX catalogue_items_validity ON catalogue_items(agency_id, validity, published_on);
-- The editor's list of an agency's items (信息列表), last changed first, in
-- pages after an (updated_at, id) key.
CREATE INDEX catalogue_items_changed ON catalogue_items(agency_id, updated_at);
