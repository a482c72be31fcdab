//! The written parts (一, 五, 六) of the demo's annual reports, quoting the
//! figures of the built report ([`Facts`]). Every text names its years from
//! the year reported on: `bureau_older` is the year before last, `*_last`
//! last year, `*_this` this year's draft, written while the year runs.

use super::facts::Facts;

pub(super) fn bureau_2020(f: &Facts) -> [String; 6] {
    let one = format!(
        "2020年，白沙县交通运输局认真贯彻新修订的《中华人民共和国政府信息公开条例》，在全力做好新冠肺炎疫情防控交通保障的同时，扎实推进政府信息公开各项工作。\n\
（一）主动公开情况。全年主动公开政府信息{items}条{cats}。疫情期间及时发布客运班线停运、恢复运营和道路通行管控信息；本年度新制作并公开规范性文件{made}件，截至年底对外公开的规范性文件共{in_force}件；作出行政许可决定{permits}件、行政处罚决定{penalties}件、行政强制决定{compulsory}件，处理结果均依法公开。\n\
（二）依申请公开情况。全年共收到政府信息公开申请{new}件，上年结转{carried}件；本年度办结{done}件，其中予以公开或部分公开{disclosed}件，结转下年度继续办理{next}件。{answered}{channels}\n\
（三）政府信息管理情况。对照新条例梳理本局主动公开基本目录，建立公文公开属性源头认定和保密审查机制，对2019年以前制发的规范性文件开展一次全面清理。\n\
（四）平台建设情况。依托县政府门户网站政府信息公开专栏集中发布本局信息，开通“白沙交通”政务微信公众号，疫情期间用于发布出行提示和运输保障信息。\n\
（五）监督保障情况。成立由局主要负责同志任组长的政务公开工作领导小组，全年开展新条例专题培训1次，将政府信息公开工作纳入股室年度考核。",
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        disclosed = f.disclosed(),
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("从提交方式看，"),
    );
    let five = "（一）存在的问题。一是主动公开内容以文件发布为主，政策解读数量少、形式单一；二是新条例施行后依申请公开答复文书格式不够统一，个别答复说理不够充分；三是基层交通管理站所的信息报送不够及时。\n\
（二）改进措施。2021年，本局将围绕农村公路、道路运输等重点领域，增加图解、问答等解读形式；制定依申请公开答复文书范本并组织集中学习；建立信息报送月通报制度，督促各站所按时报送。"
        .to_string();
    let six = format!(
        "{}\n本局2020年度办理的人大代表建议和政协委员提案复文已按规定公开。无其他需要报告的事项。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

pub(super) fn bureau_older(f: &Facts) -> [String; 6] {
    let one = format!(
        "{y}年，县交通运输局把政务公开作为推进交通运输治理现代化的重要抓手，重点公开农村公路建设、城乡客运服务和道路运输执法等方面的信息，不断提升公开质效。\n\
一是做好主动公开。围绕“四好农村路”和城乡客运一体化，当年对外发布各类政府信息{items}条{cats}。新出台行政规范性文件{made}件，截至12月底仍然有效的共{in_force}件；行政许可{permits}件、行政处罚{penalties}件、行政强制{compulsory}件的结果信息通过“信用白沙”同步公示。\n\
二是规范依申请公开。本年度新收政府信息公开申请{new}件{carried}，当年办结{done}件，另有{next}件跨年转入{y_next}年继续办理。{answered}{channels}\n\
三是加强政府信息管理。按照交通运输领域基层政务公开标准目录更新本局主动公开事项，对历年规范性文件逐件标注有效性，防止失效文件误导公众。\n\
四是优化平台建设。对政府信息公开专栏的栏目进行梳理合并，政务微信公众号全年推送出行服务信息；每季度开展网站和政务新媒体自查。\n\
五是强化监督保障。局办公室配备专职工作人员1名，参加市、县政务公开业务培训3人次，主动接受社会监督，全年未收到对本局政务公开工作的投诉。",
        y = f.year,
        y_next = f.year + 1,
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = if f.carried == 0 {
            "（无上年结转）".to_string()
        } else {
            format!("，加上{}年结转的{}件", f.year - 1, f.carried)
        },
        done = f.done,
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("按提交方式统计，"),
    );
    let five = "本年度工作仍有不足：农村公路建设项目信息更新滞后于工程进度，部分项目只公开计划不公开进展；政务微信公众号原创内容少，与群众的互动回应不够；依申请公开办理中与业务股室的会商机制还不顺畅，个别答复临近期限才作出。\n\
下一步，将建立重点项目信息按季度更新台账，由项目股室对进度信息的准确性负责；丰富政务新媒体栏目，开设“交通问答”专栏；完善依申请公开内部流转单，明确各环节办理时限。"
        .to_string();
    let six = format!(
        "{}\n{}年，本局办理县人大代表建议6件、县政协委员提案9件，办理结果均已公开。本年度未发生因政府信息公开引发的重大舆情。",
        f.fee, f.year
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

pub(super) fn bureau_last(f: &Facts) -> [String; 6] {
    let one = format!(
        "{y}年，白沙县交通运输局以《中华人民共和国政府信息公开条例》为遵循，围绕农村公路“四好”建设、网约车和农村客运管理等重点工作，推动政府信息公开标准化规范化。\n\
（一）主动公开。全年在政府信息公开专栏发布信息{items}条{cats}。制定网约车经营服务管理、农村客运站点建设管理等行政规范性文件{made}件，结合集中清理废止{repealed}件，年底现行有效{in_force}件。行政许可办理结果{permits}件、行政处罚决定{penalties}件、行政强制{compulsory}件均在作出决定后7个工作日内公示。\n\
（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{carried}件。本年度办结{done}件，予以公开和部分公开合计{disclosed}件；结转下年度继续办理{next}件。{answered}{channels}对可能涉及商业秘密的申请，依法书面征求第三方意见后再作答复。\n\
（三）政府信息管理。完成2019年以来本局规范性文件的集中清理，在目录中逐件标注效力状态；落实公开属性源头认定，拟公开信息经保密审查后发布。\n\
（四）平台建设。升级政府信息公开专栏的检索功能，新增政策文件分类导航；“白沙交通”政务微信与门户网站内容统一审核、同步发布。\n\
（五）监督保障。调整局政务公开工作领导小组，全年组织业务培训2次，将政务公开纳入股室年度目标考核，主动接受县政务公开主管部门和社会公众的监督。",
        y = f.year,
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        repealed = f.repealed,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        disclosed = f.disclosed(),
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("提交方式上，"),
    );
    let mut five = "（一）主要问题。1.规范性文件清理后，废止信息在目录中的标注曾滞后约一个月；2.收费通知对计收方式和缴费渠道的说明不够清晰，有的申请人逾期未缴费后又来电询问；"
        .to_string();
    if f.reconsiderations > 0 {
        five.push_str("3.本年度有答复被申请行政复议，审查中反映出对过程性信息的认定依据说明不够充分，答复说理仍需加强。");
    } else {
        five.push_str("3.部分答复对不予公开理由的说明较为简单，答复说理仍需加强。");
    }
    five.push_str("\n（二）改进措施。建立规范性文件“立改废”与目录同步更新机制，文件废止后3个工作日内完成标注；修订收费通知文书模板，逐项列明计收依据、金额和缴费方式；组织依申请公开答复说理专题培训，重要答复经法律顾问审核后出具。");
    let unpaid = f.row("r_other_nofee");
    let mut six = f.fee.clone();
    if unpaid > 0 {
        six.push_str(&format!(
            "另有{unpaid}件因申请人逾期未按收费通知要求缴纳费用，本机关依法不再处理。"
        ));
    }
    six.push_str(&format!("\n《{}年白沙县政务公开工作要点》交由本局承担的农村客运信息公开、交通建设项目信息公开等4项任务已全部完成。", f.year));
    if f.suits > 0 {
        six.push_str("因政府信息公开引发的行政诉讼，本局负责人依法出庭应诉。");
    }
    [one, String::new(), String::new(), String::new(), five, six]
}

pub(super) fn government_last(f: &Facts) -> [String; 6] {
    let one = format!(
        "{y}年，白沙县人民政府坚持“以公开为常态、不公开为例外”，统筹推进全县政府信息公开工作。本报告汇总县人民政府本级和县交通运输局的数据。\n\
（一）主动公开。全县在政府门户网站主动公开政府信息{items}条{cats}；本年度制发行政规范性文件{made}件，现行有效{in_force}件；行政许可{permits}件、行政处罚{penalties}件、行政强制{compulsory}件的结果信息依法公开。\n\
（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{carried}件，办结{done}件，结转下年度继续办理{next}件。{answered}{channels}\n\
（三）政府信息管理。组织县直部门开展规范性文件清理，统一规范政府信息公开目录和索引号；严格执行公开前保密审查制度。\n\
（四）平台建设。完成县政府门户网站集约化改造，各部门政府信息公开专栏统一标准、统一检索，政务新媒体实行账号清单化管理。\n\
（五）监督保障。县政府办公室牵头举办全县政务公开业务培训班2期，对各乡镇和县直部门开展季度检查并通报结果。\n\
（六）考核、社会评议和责任追究。将政务公开纳入对乡镇和县直部门的年度绩效考核；委托第三方开展政务公开社会评议，群众满意度为96.2%；本年度未发生政府信息公开工作责任追究情形。",
        y = f.year,
        items = f.items,
        cats = f.categories_clause(),
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        next = f.next,
        answered = f.answered,
        channels = f.channels_clause("从提交方式看，"),
    );
    let five = format!(
        "（一）存在的问题。部分县直部门政府信息公开专栏更新不及时；乡镇一级依申请公开工作力量薄弱，答复文书不够规范；政策解读仍以文字为主，群众可读性不强。\n\
（二）改进措施。{}年，县政府将把专栏更新情况纳入季度检查通报，推行依申请公开答复文书范本和法律审核；鼓励部门采用图解、短视频等形式解读政策，提高政策知晓度。",
        f.year + 1
    );
    let six = format!(
        "{}\n本年度县人民政府办理的人大代表建议和政协委员提案复文已全部公开。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

pub(super) fn bureau_this(f: &Facts) -> [String; 6] {
    let one = format!(
        "今年以来，县交通运输局政务公开工作紧扣农村公路提质改造、城乡客运一体化和道路运输安全监管三项重点推进。以下为{y}年度报告的工作草稿，所列数字截至撰写之日，年终逐项核实后定稿。\n\
主动公开方面：专栏已发布本年度信息{items}条，本年度印发行政规范性文件{made}件，目前仍然有效的共{in_force}件；许可{permits}件、处罚{penalties}件、强制{compulsory}件的决定信息按“双公示”要求上网。\n\
依申请公开方面：{y}年新收政府信息公开申请{new}件，另有上年转入{carried}件；已经答复办结{done}件，仍在办理{next}件，临近答复期限的逐件督办。\n\
信息管理方面：逐项核对交通运输领域基层政务公开标准目录中的事项，新发文件在拟稿时即标明公开属性。\n\
平台方面：专栏新增路政许可办事指南，“白沙交通”微信公众号转载重要政策及其解读。\n\
监督方面：局领导小组专题研究本年度公开重点，新进人员参加了县里组织的业务培训。",
        y = f.year,
        items = f.items,
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        next = f.next,
    );
    let five = "（一）存在的问题。1.部分农村公路建设项目的进度信息仍按季度汇总发布，时效性不够；2.依申请公开办件量增加，个别申请临近答复期限才办结，有的需要延长答复期限。\n\
（二）改进措施。建立在办申请每周调度机制，对临近期限的申请逐件督办；项目进度信息改为按月更新，由项目股室负责核对。"
        .to_string();
    let six = format!(
        "{}\n{}年交由本局承担的政务公开重点任务正在推进，年度报告定稿时一并报告完成情况。",
        f.fee, f.year
    );
    [one, String::new(), String::new(), String::new(), five, six]
}

pub(super) fn government_this(f: &Facts) -> [String; 6] {
    let one = format!(
        "今年以来，县人民政府以群众关切为导向推进政务公开。本稿汇总县政府本级和县交通运输局的数据，为{y}年度报告草稿，数字截至撰写之日，年终核实后定稿。\n\
主动公开方面：全县门户网站本年度已发布信息{items}条，新印发规范性文件{made}件，目前有效{in_force}件；许可{permits}件、处罚{penalties}件、强制{compulsory}件的决定信息按要求上网。\n\
依申请公开方面：{y}年新收政府信息公开申请{new}件，上年转入{carried}件，答复办结{done}件，仍在办理{next}件。\n\
信息管理方面：按季度动态调整公开目录，对县直部门新发文件的公开属性开展抽查。\n\
平台方面：门户网站开设“政策问答”栏目，各部门政务新媒体账号纳入集约化平台统一管理。\n\
监督方面：组织乡镇和县直部门公开工作人员集中培训并开展工作检查；年度绩效考核和第三方社会评议于年底进行，目前没有需要责任追究的情形。",
        y = f.year,
        items = f.items,
        made = f.made,
        in_force = f.in_force,
        permits = f.permits,
        penalties = f.penalties,
        compulsory = f.compulsory,
        new = f.new,
        carried = f.carried,
        done = f.done,
        next = f.next,
    );
    let five = "（一）存在的问题。县直部门之间公开进度不平衡，个别部门的规范性文件未与政策解读同步发布；依申请公开答复中引用条款不够准确。\n\
（二）改进措施。开展规范性文件与政策解读同步发布专项检查，组织答复文书集中评查并通报结果。"
        .to_string();
    let six = format!(
        "{}\n县人民政府今年承办的人大代表建议、政协委员提案，已办结的答复文件在门户网站“建议提案办理”栏目逐件发布，其余随办理进度更新。",
        f.fee
    );
    [one, String::new(), String::new(), String::new(), five, six]
}
